import type { Redis } from 'ioredis';
import { withTimeout } from '../../../core/runtime/with-timeout';
import type { ReplayCache } from './replay-cache';

/** The one Redis command the cache needs, so that a test can hand in a stand-in. */
export type RedisSetNx = Pick<Redis, 'set'>;

/**
 * A {@link ReplayCache} shared by every instance: `SET <prefix>:webhook-replay:<key> 1 PX <ttl> NX`, which stores
 * the key only if it is absent and lets Redis expire it, in one atomic command. A command that has no answer
 * within `timeoutMs` rejects (the client queues commands while Redis is away), so a webhook is refused instead of
 * hanging or passing unchecked.
 */
export class RedisReplayCache implements ReplayCache {
  constructor(
    private readonly client: RedisSetNx,
    private readonly prefix: string,
    private readonly timeoutMs = 1000,
  ) {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const reply = await withTimeout(
      this.client.set(`${this.prefix}:webhook-replay:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'),
      this.timeoutMs,
    );
    return reply === 'OK';
  }
}
