import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisConnection } from '../../../core/queue/redis/redis-connection';
import { withTimeout } from '../../../core/runtime/with-timeout';
import type { EscalationPolicy } from './escalation';
import type { InMemoryRateLimitStore } from './in-memory.rate-limit.store';
import { COOLDOWN_SCRIPT, TAKE_SCRIPT } from './rate-limit.lua';
import type { BucketRef, RateLimitStore, TakeOutcome } from './rate-limit.store';

export interface RedisRateLimitStoreOptions {
  /** Prepended to every bucket id, e.g. `crew:rl:`. */
  readonly keyPrefix: string;
  readonly policy: EscalationPolicy;
  /** A call that has not answered in this long is decided by the fallback. */
  readonly timeoutMs: number;
  /** Called each time the fallback decides instead of Redis. */
  readonly onFallback?: () => void;
}

const ALLOWED: TakeOutcome = Object.freeze({ allowed: true });

/**
 * {@link RateLimitStore} in Redis: every instance sharing the Redis (and the key prefix) draws on the same buckets,
 * violation counts and cooldowns. A request is one script call (see rate-limit.lua.ts), atomic in Redis.
 *
 * The request path must not wait for a Redis that is down: while the shared connection is not ready, or when a
 * call fails or takes longer than `timeoutMs`, the decision falls to `fallback`, an in-memory store with the same
 * rules (budgets per instance for that time). One warning is logged when that starts, one line when Redis answers
 * again.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('RateLimit');
  private readonly take$: RedisScript;
  private readonly cooldown$: RedisScript;
  private readonly policyArgs: string[];
  private degraded = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly fallback: InMemoryRateLimitStore,
    private readonly options: RedisRateLimitStoreOptions,
  ) {
    this.take$ = new RedisScript(redis.client, TAKE_SCRIPT);
    this.cooldown$ = new RedisScript(redis.client, COOLDOWN_SCRIPT);
    const { policy } = options;
    this.policyArgs = [
      String(policy.windowMs),
      String(policy.steps.length),
      ...policy.steps.flatMap((s) => [String(s.violations), String(s.cooldownMs)]),
    ];
  }

  async take(buckets: readonly BucketRef[], cost: number, now: number): Promise<TakeOutcome> {
    if (this.redis.client.status !== 'ready') return this.fallBack(buckets, cost, now, 'connection not ready');
    const keys = buckets.map((b) => this.options.keyPrefix + b.id);
    const args = [String(now), String(cost), ...this.policyArgs];
    for (const b of buckets) args.push(String(b.shape.intervalMs), String(b.shape.toleranceMs), b.escalate ? '1' : '0');
    let reply: number[];
    try {
      reply = (await withTimeout(this.take$.run(keys, args), this.options.timeoutMs)) as number[];
    } catch (e) {
      return this.fallBack(buckets, cost, now, (e as Error).message);
    }
    this.recovered();
    if (reply[0] === 1) return ALLOWED;
    return {
      allowed: false,
      index: reply[1] - 1,
      reason: reply[2] === 2 ? 'cooldown' : 'rate_limited',
      retryAfterMs: reply[3],
    };
  }

  async cooldown(bucket: Pick<BucketRef, 'id'>, untilMs: number, now: number): Promise<number> {
    // Also kept locally, so that the cooldown holds here while Redis is away.
    const local = await this.fallback.cooldown(bucket, untilMs, now);
    try {
      const reply = await withTimeout(
        this.cooldown$.run([this.options.keyPrefix + bucket.id], [String(untilMs), String(now)]),
        this.options.timeoutMs,
      );
      return Number(reply);
    } catch (e) {
      this.logger.warn({ event: 'rate_limit_cooldown_not_shared', bucket: bucket.id, err: (e as Error).message });
      return local;
    }
  }

  private fallBack(buckets: readonly BucketRef[], cost: number, now: number, why: string): TakeOutcome {
    this.options.onFallback?.();
    if (!this.degraded) {
      this.degraded = true;
      this.logger.warn({ event: 'rate_limit_redis_unavailable', err: why, fallback: 'in-memory, per instance' });
    }
    return this.fallback.take(buckets, cost, now);
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log({ event: 'rate_limit_redis_recovered' });
  }
}

/** A Lua script run by its SHA1, sent whole once when Redis does not know it yet (after a restart or flush). */
class RedisScript {
  private readonly sha: string;

  constructor(
    private readonly client: Redis,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(keys: readonly string[], args: readonly string[]): Promise<unknown> {
    try {
      return await this.client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (!(e as Error).message?.startsWith('NOSCRIPT')) throw e;
      return this.client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
