import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../core/runtime/clock';
import type { ReplayCache } from './replay-cache';
import { webhookKey } from './webhook-secret';
import { SIGNATURE_VERSION, signatureDigest, WEBHOOK_ID, WebhookHeader } from './webhook-signer';

/** Why an inbound webhook was refused, in the order the checks run. */
export const WebhookRejection = {
  /** `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent, repeated or malformed. */
  MissingHeaders: 'missing_headers',
  /** The timestamp is further than the tolerance from the receiver's clock, in either direction. */
  TimestampOutOfTolerance: 'timestamp_out_of_tolerance',
  /** No listed `v1` signature matches any configured secret (a tampered body, id or timestamp; a wrong secret). */
  BadSignature: 'bad_signature',
  /** A correctly signed delivery whose id was already accepted within the replay window. */
  Replayed: 'replayed',
} as const;
export type WebhookRejection = (typeof WebhookRejection)[keyof typeof WebhookRejection];

/** The outcome of {@link WebhookVerifier.verify}. */
export type WebhookVerification =
  | { readonly ok: true; readonly id: string; readonly timestampSeconds: number }
  | { readonly ok: false; readonly reason: WebhookRejection; readonly id?: string };

/** Request headers with lowercase names, as Node and Fastify give them. */
export type InboundHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface WebhookVerifierOptions {
  /** The sender's name; it namespaces the remembered ids, so two senders may use the same id. */
  readonly source: string;
  /** `whsec_<base64>` secrets; a delivery signed with any of them is accepted (two during a rotation). */
  readonly secrets: readonly string[];
  /** Largest accepted distance between the timestamp and the clock, in seconds. Default 300. */
  readonly toleranceSeconds?: number;
  readonly clock: Clock;
  readonly replay: ReplayCache;
}

const TIMESTAMP = /^\d{1,15}$/;
/** The base64 of a 32-byte HMAC-SHA256 digest. */
const DIGEST_BASE64 = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Checks inbound Standard Webhooks deliveries against the raw body bytes: the headers are present, the timestamp
 * is within the tolerance, a `v1` signature matches a configured secret (compared in constant time), and the id was
 * not accepted before. An id is remembered only once all the other checks passed, for twice the tolerance: a
 * delivery passes the timestamp check from `tolerance` before its timestamp to `tolerance` after, so a replay
 * within that window is always caught, and after it the timestamp check refuses it anyway.
 *
 * @example
 * const sut = new WebhookVerifier({ source: 'github', secrets: [secret], clock: systemClock, replay });
 * const result = await sut.verify(request.headers, rawBody);
 * if (!result.ok) reply.status(401).send({ error: result.reason });
 */
export class WebhookVerifier {
  readonly source: string;
  readonly toleranceSeconds: number;
  private readonly keys: readonly Buffer[];
  private readonly clock: Clock;
  private readonly replay: ReplayCache;

  constructor(options: WebhookVerifierOptions) {
    if (options.secrets.length === 0) throw new RangeError(`webhook source ${options.source} has no secret`);
    this.source = options.source;
    this.toleranceSeconds = options.toleranceSeconds ?? 300;
    this.keys = options.secrets.map(webhookKey);
    this.clock = options.clock;
    this.replay = options.replay;
  }

  /** Verifies one delivery; `body` must be the bytes as received, before any parsing. Rejects only if the replay cache fails. */
  async verify(headers: InboundHeaders, body: string | Uint8Array): Promise<WebhookVerification> {
    const id = single(headers[WebhookHeader.Id]);
    const timestamp = single(headers[WebhookHeader.Timestamp]);
    const signatures = single(headers[WebhookHeader.Signature]);
    if (id === undefined || !WEBHOOK_ID.test(id) || timestamp === undefined || !TIMESTAMP.test(timestamp)) {
      return { ok: false, reason: WebhookRejection.MissingHeaders };
    }
    if (signatures === undefined || signatures.trim() === '') {
      return { ok: false, reason: WebhookRejection.MissingHeaders, id };
    }
    const timestampSeconds = Number(timestamp);
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    if (Math.abs(nowSeconds - timestampSeconds) > this.toleranceSeconds) {
      return { ok: false, reason: WebhookRejection.TimestampOutOfTolerance, id };
    }
    if (!this.matches(id, timestampSeconds, body, signatures)) {
      return { ok: false, reason: WebhookRejection.BadSignature, id };
    }
    const fresh = await this.replay.claim(`${this.source}:${id}`, 2 * this.toleranceSeconds * 1000);
    if (!fresh) return { ok: false, reason: WebhookRejection.Replayed, id };
    return { ok: true, id, timestampSeconds };
  }

  private matches(id: string, timestampSeconds: number, body: string | Uint8Array, header: string): boolean {
    const given: Buffer[] = [];
    for (const entry of header.split(' ')) {
      const comma = entry.indexOf(',');
      const value = entry.slice(comma + 1);
      if (comma < 0 || entry.slice(0, comma) !== SIGNATURE_VERSION || !DIGEST_BASE64.test(value)) continue;
      given.push(Buffer.from(value, 'base64'));
    }
    if (given.length === 0) return false;
    return this.keys.some((key) => {
      const expected = signatureDigest(key, id, timestampSeconds, body);
      return given.some((digest) => timingSafeEqual(digest, expected));
    });
  }
}

/** The header's value when it was sent once; a repeated header (an array) counts as malformed. */
function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
