import { createHmac } from 'node:crypto';
import { webhookKey } from './webhook-secret';

/** The Standard Webhooks header names (lowercase, as Node and Fastify present them). */
export const WebhookHeader = {
  Id: 'webhook-id',
  Timestamp: 'webhook-timestamp',
  Signature: 'webhook-signature',
} as const;
export type WebhookHeader = (typeof WebhookHeader)[keyof typeof WebhookHeader];

/** The three headers of a signed delivery. */
export type WebhookHeaders = Readonly<Record<WebhookHeader, string>>;

/** The signature version this code writes and reads: HMAC-SHA256 with a shared secret. */
export const SIGNATURE_VERSION = 'v1';

/**
 * A message id: 1–256 letters, digits or `_ - : + = /` (prefixed ids, UUIDs, base64 ids). No `.`, so the signed
 * text `<id>.<timestamp>.<body>` splits one way only and an id cannot be rewritten into another that evades the
 * replay check with the same signature.
 */
export const WEBHOOK_ID = /^[A-Za-z0-9_\-:+=/]{1,256}$/;

/** The raw HMAC-SHA256 of `"<id>.<timestamp>.<body>"` under `key` (32 bytes). */
export function signatureDigest(key: Buffer, id: string, timestampSeconds: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestampSeconds}.`).update(body).digest();
}

/**
 * Signs outgoing webhooks with the current secret and, while one is being rotated out, the previous one too: the
 * receiver accepts a delivery when any listed signature matches a secret it knows, so it can switch secrets at its
 * own pace.
 *
 * @example
 * const sut = new WebhookSigner(process.env.WEBHOOK_SECRET!);
 * const headers = sut.sign('msg_1', 1_700_000_000, '{"ok":true}');
 * // { 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,…' }
 */
export class WebhookSigner {
  private readonly keys: readonly Buffer[];

  /** Both secrets are `whsec_<base64>`; an invalid one throws (the config validated them already). */
  constructor(current: string, previous?: string) {
    this.keys = [webhookKey(current), ...(previous === undefined ? [] : [webhookKey(previous)])];
  }

  /** The headers for `body`, the exact bytes that will be sent. `timestampSeconds` is a whole number of seconds. */
  sign(id: string, timestampSeconds: number, body: string | Uint8Array): WebhookHeaders {
    if (!WEBHOOK_ID.test(id)) throw new RangeError(`webhook id must match ${String(WEBHOOK_ID)}`);
    if (!Number.isSafeInteger(timestampSeconds)) throw new RangeError('timestampSeconds must be a whole number');
    const signatures = this.keys.map(
      (key) => `${SIGNATURE_VERSION},${signatureDigest(key, id, timestampSeconds, body).toString('base64')}`,
    );
    return {
      [WebhookHeader.Id]: id,
      [WebhookHeader.Timestamp]: String(timestampSeconds),
      [WebhookHeader.Signature]: signatures.join(' '),
    };
  }
}
