import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { appTestConfig } from '../fixtures/test-config';
import { freePort } from '../fixtures/free-port';

describe('createApp with unreachable stores', () => {
  it(
    'rejects naming DATABASE_URL when nothing listens there',
    async () => {
      const port = await freePort();
      await expect(
        createApp({
          config: appTestConfig({
            persistence: { databaseUrl: `postgres://u:pw@127.0.0.1:${port}/db`, connectTimeoutMs: 2000 },
          }),
        }),
      ).rejects.toThrow(
        `Cannot open the database at DATABASE_URL (persistence.databaseUrl = postgres://u:***@127.0.0.1:${port}/db)`,
      );
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'rejects naming REDIS_URL when nothing listens there',
    async () => {
      const port = await freePort();
      await expect(
        createApp({
          config: appTestConfig({ persistence: { redisUrl: `redis://127.0.0.1:${port}`, connectTimeoutMs: 2000 } }),
        }),
      ).rejects.toThrow(`Cannot connect to Redis at REDIS_URL (persistence.redisUrl = redis://127.0.0.1:${port})`);
    },
    BOOT_TIMEOUT_MS,
  );
});
