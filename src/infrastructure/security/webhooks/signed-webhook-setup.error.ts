/**
 * A signed-webhook route that cannot be checked as set up: its source has no secrets in `webhooks.inbound`, the
 * guard runs without `@SignedWebhook()`, or the raw body was not kept. A bug in the wiring, answered 500: the
 * request is never let through unchecked.
 */
export class SignedWebhookSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignedWebhookSetupError';
  }

  static is(e: unknown): e is SignedWebhookSetupError {
    return e instanceof SignedWebhookSetupError;
  }
}
