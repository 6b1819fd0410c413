import type { BucketShape } from './token-bucket';
import type { RateLimitReason, RateLimitScope } from './rate-limit.types';

/** One bucket a request draws on. */
export interface BucketRef {
  readonly scope: RateLimitScope;
  /** The key within the scope: a key id, a tenant id, `<keyId>:<route>` or a provider name. */
  readonly key: string;
  /** `<scope>:<key>`, the bucket's name in the store (and the audit entry's resource). */
  readonly id: string;
  readonly shape: BucketShape;
  /** Whether violations on this bucket escalate to cooldowns. */
  readonly escalate: boolean;
}

/** What the store decided; `index` is the position of the denying bucket in the request. */
export type TakeOutcome =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly index: number;
      readonly reason: RateLimitReason;
      readonly retryAfterMs: number;
    };

/**
 * Where buckets, violation counts and cooldowns live: in this process, or in Redis for every instance. `take` is
 * one atomic step over all the buckets of a request:
 * 1. if any of their keys is in cooldown, deny with `cooldown` and the longest time left;
 * 2. if any bucket lacks `cost` tokens, take nothing, count a violation on the first such bucket (when it
 *    escalates) and deny: `cooldown` if that violation started one, else `rate_limited` with the time until the
 *    tokens are there;
 * 3. otherwise take `cost` tokens from every bucket.
 */
export interface RateLimitStore {
  take(buckets: readonly BucketRef[], cost: number, now: number): TakeOutcome | Promise<TakeOutcome>;
  /** Puts the bucket's key in cooldown until `untilMs` unless it already ends later; resolves to the end in force. */
  cooldown(bucket: Pick<BucketRef, 'id'>, untilMs: number, now: number): Promise<number>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
