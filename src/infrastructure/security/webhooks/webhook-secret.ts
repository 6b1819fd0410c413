/** Every webhook secret is written `whsec_` followed by the base64 of its key bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** Shorter keys are refused: 24 bytes (192 bits) is the least a secret may hold. */
export const MIN_WEBHOOK_KEY_BYTES = 24;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why `text` is not a usable webhook secret, or `undefined` when it is: `whsec_` and the padded standard base64
 * of at least {@link MIN_WEBHOOK_KEY_BYTES} bytes. The reason never repeats the secret.
 */
export function webhookSecretProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || !text.startsWith(WEBHOOK_SECRET_PREFIX)) {
    return `must start with ${WEBHOOK_SECRET_PREFIX}`;
  }
  const encoded = text.slice(WEBHOOK_SECRET_PREFIX.length);
  if (encoded.length === 0 || !BASE64.test(encoded)) return `must be ${WEBHOOK_SECRET_PREFIX} followed by base64`;
  const bytes = Buffer.byteLength(encoded, 'base64');
  if (bytes < MIN_WEBHOOK_KEY_BYTES) return `must hold at least ${MIN_WEBHOOK_KEY_BYTES} bytes of key (has ${bytes})`;
  return undefined;
}

/** The key bytes of a secret; throws (without the secret in the message) when {@link webhookSecretProblem} finds one. */
export function webhookKey(secret: string): Buffer {
  const problem = webhookSecretProblem(secret);
  if (problem) throw new Error(`Webhook secret ${problem}`);
  return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
}
