import { Redis } from 'ioredis';
import { redactUrl } from '../../persistence/sql-database.factory';
import { withTimeout } from '../../runtime/with-timeout';

/** Redis could not be reached at boot; the message names the setting to fix. */
export class RedisOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisOpenError';
  }
}

/** The shared {@link RedisConnection}, or `null` when `REDIS_URL` is not set (in-process queues). */
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');

/** The shared Redis connection: queues and schedulers duplicate it for their blocking reads. */
export interface RedisConnection {
  readonly client: Redis;
  readonly url: string;
  /** `PING` within `timeoutMs`, for health checks. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Connects to `url` and checks it answers within `connectTimeoutMs` (fail fast at boot, naming REDIS_URL). After
 * boot the client reconnects forever with capped backoff and commands wait for it (BullMQ workers need
 * `maxRetriesPerRequest: null`), so a Redis restart pauses work instead of losing it.
 */
export async function openRedis(url: string, connectTimeoutMs: number): Promise<RedisConnection> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 10), 2000),
  });
  // ioredis emits every failed reconnect as 'error'; without a listener Node would crash the process.
  client.on('error', () => undefined);
  const connection: RedisConnection = {
    client,
    url,
    ping: (timeoutMs) =>
      withTimeout(
        client.ping().then(() => undefined),
        timeoutMs,
      ),
    close: async () => {
      if (client.status === 'end') return;
      await client.quit().catch(() => client.disconnect());
    },
  };
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        // During boot one failed attempt is enough: report it instead of retrying.
        const onError = (e: Error) => reject(e);
        client.once('error', onError);
        client.connect().then(() => {
          client.off('error', onError);
          resolve();
        }, reject);
      }).then(() => connection.ping(connectTimeoutMs)),
      connectTimeoutMs,
    );
  } catch (e) {
    client.disconnect();
    throw new RedisOpenError(
      `Cannot connect to Redis at REDIS_URL (persistence.redisUrl = ${redactUrl(url)}): ${describe(e)}`,
    );
  }
  return connection;
}

function describe(e: unknown): string {
  const err = e as Error & { code?: string };
  return err.message || err.code || String(e);
}
