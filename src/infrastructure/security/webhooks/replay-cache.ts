/**
 * The ids of webhooks already accepted, each kept for a time. `claim` is the only operation: it records the key
 * and answers whether it was new, in one atomic step, so two concurrent deliveries of the same id cannot both pass.
 */
export interface ReplayCache {
  /** True when `key` was not held (it is now, for `ttlMs`); false when it was already held and has not expired. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** The shared {@link ReplayCache} of the webhooks module: Redis when the service has one, else in this process. */
export const REPLAY_CACHE = Symbol('WEBHOOK_REPLAY_CACHE');
