/**
 * Signs the webhooks the service sends (Standard Webhooks): each delivery carries `webhook-id`, `webhook-timestamp`
 * (unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, two of them,
 * space-separated, while a secret is being rotated). Without a configured secret it returns no headers and the
 * webhook goes out unsigned.
 */
export interface WebhookSignerPort {
  /**
   * The signature headers for one delivery of `body`, the exact bytes sent: a new id and the current time on each
   * call, so a resent request is signed again. An empty record when signing is off.
   */
  headersFor(body: string | Uint8Array): Readonly<Record<string, string>>;
}

export const WEBHOOK_SIGNER = Symbol('WEBHOOK_SIGNER');
