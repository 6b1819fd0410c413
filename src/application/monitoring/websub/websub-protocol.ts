import { createHmac, timingSafeEqual } from 'node:crypto';

/** What we ask a hub for. */
export interface SubscriptionRequest {
  readonly mode: 'subscribe' | 'unsubscribe';
  readonly topic: string;
  /** Our callback URL, where the hub verifies the intent and then delivers content. */
  readonly callback: string;
  /** The HMAC key the hub signs deliveries with; at most 199 bytes. Subscribe only. */
  readonly secret?: string;
  /** The lease asked for; the hub decides. Subscribe only. */
  readonly leaseSeconds?: number;
}

/** A hub's intent-verification GET, as its query parameters. */
export type ChallengeQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

export type ChallengeCheck =
  /** Echo `challenge` as the response body with 200. */
  | { readonly status: 'confirmed'; readonly challenge: string; readonly leaseSeconds: number | null }
  /** The hub refused the subscription (`hub.mode=denied`); answer 200 without a body. */
  | { readonly status: 'denied'; readonly reason: string | null }
  /** Not an intent we have: answer 404. */
  | { readonly status: 'refused'; readonly reason: string };

/** Longest lease accepted from a hub: one year. */
const MAX_LEASE_SECONDS = 31_536_000;
const SIGNATURE = /^(sha1|sha256|sha512)=([0-9a-f]+)$/i;
const HEX_LENGTH: Record<string, number> = { sha1: 40, sha256: 64, sha512: 128 };

/** The `application/x-www-form-urlencoded` body to POST to the hub. Throws on a secret the protocol forbids. */
export function subscriptionForm(request: SubscriptionRequest): URLSearchParams {
  const form = new URLSearchParams({
    'hub.mode': request.mode,
    'hub.topic': request.topic,
    'hub.callback': request.callback,
  });
  if (request.mode === 'subscribe' && request.secret !== undefined) {
    const bytes = Buffer.byteLength(request.secret);
    if (bytes === 0 || bytes >= 200) throw new Error(`hub.secret must be 1 to 199 bytes, got ${bytes}`);
    form.set('hub.secret', request.secret);
  }
  if (request.mode === 'subscribe' && request.leaseSeconds !== undefined) {
    form.set('hub.lease_seconds', String(request.leaseSeconds));
  }
  return form;
}

function single(query: ChallengeQuery, name: string): string | undefined {
  const value = query[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks a hub's verification of intent against what we asked for: the mode and the topic must match exactly, a
 * subscribe must carry a whole `hub.lease_seconds` (1 s to one year) and every confirmation a non-empty challenge.
 */
export function verifyChallenge(
  query: ChallengeQuery,
  expected: { readonly mode: 'subscribe' | 'unsubscribe'; readonly topic: string },
): ChallengeCheck {
  const mode = single(query, 'hub.mode');
  const topic = single(query, 'hub.topic');
  if (mode === 'denied' && topic === expected.topic)
    return { status: 'denied', reason: single(query, 'hub.reason') ?? null };
  if (mode !== expected.mode)
    return { status: 'refused', reason: `hub.mode is ${mode ?? 'missing'}, expected ${expected.mode}` };
  if (topic !== expected.topic)
    return { status: 'refused', reason: `hub.topic ${topic ?? '(missing)'} is not ${expected.topic}` };
  const challenge = single(query, 'hub.challenge');
  if (!challenge) return { status: 'refused', reason: 'hub.challenge is missing' };
  if (mode === 'unsubscribe') return { status: 'confirmed', challenge, leaseSeconds: null };
  const lease = single(query, 'hub.lease_seconds');
  const leaseSeconds = lease !== undefined && /^\d{1,10}$/.test(lease) ? Number(lease) : NaN;
  if (!(leaseSeconds >= 1 && leaseSeconds <= MAX_LEASE_SECONDS)) {
    return {
      status: 'refused',
      reason: `hub.lease_seconds ${lease ?? '(missing)'} is not a whole number of seconds from 1 to ${MAX_LEASE_SECONDS}`,
    };
  }
  return { status: 'confirmed', challenge, leaseSeconds };
}

/**
 * Whether a delivery's `X-Hub-Signature` (`sha1=`, `sha256=` or `sha512=` and the hex HMAC of the raw body, keyed
 * with our `hub.secret`) is right. Compared in constant time; a missing or malformed header is false.
 */
export function verifySignature(header: string | undefined, rawBody: Uint8Array, secret: string): boolean {
  const match = header === undefined ? null : SIGNATURE.exec(header.trim());
  if (!match) return false;
  const algorithm = match[1].toLowerCase();
  const hex = match[2].toLowerCase();
  if (hex.length !== HEX_LENGTH[algorithm]) return false;
  const expected = createHmac(algorithm, secret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}
