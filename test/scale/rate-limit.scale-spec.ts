import type { ModuleRef } from '@nestjs/core';
import { MetricsRegistry } from '../../src/core/metrics/metrics.registry';
import { openRedis, type RedisConnection } from '../../src/core/queue/redis/redis-connection';
import { ManualClock } from '../../src/core/runtime/clock';
import { InMemoryRateLimitStore } from '../../src/infrastructure/security/rate-limit/in-memory.rate-limit.store';
import { RateLimitMetrics } from '../../src/infrastructure/security/rate-limit/rate-limit.metrics';
import { escalationPolicy } from '../../src/infrastructure/security/rate-limit/rate-limit.module';
import { RateLimitService } from '../../src/infrastructure/security/rate-limit/rate-limit.service';
import type { RateLimitDecision } from '../../src/infrastructure/security/rate-limit/rate-limit.types';
import { RedisRateLimitStore } from '../../src/infrastructure/security/rate-limit/redis.rate-limit.store';
import { DEFAULT_POLICY, rateLimitStoreContract } from '../contracts/rate-limit-store.contract';
import { testConfig } from '../fixtures/test-config';
import { eventually, PrivateRedis, uniqueName } from './helpers';

/** Rate limits in Redis (a private redis-server): the store contract, and two instances sharing one budget. */
describe('rate limits in Redis', () => {
  let redis: PrivateRedis;
  const connections: RedisConnection[] = [];

  const connect = async () => {
    const connection = await openRedis(redis.url, 3000);
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start();
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await redis?.stop();
  });

  describe(`${RedisRateLimitStore.name}: the store contract`, () => {
    let connection: RedisConnection;
    beforeAll(async () => {
      connection = await connect();
    });
    rateLimitStoreContract(
      () =>
        new RedisRateLimitStore(connection, new InMemoryRateLimitStore(DEFAULT_POLICY), {
          keyPrefix: `${uniqueName('contract')}:`,
          policy: DEFAULT_POLICY,
          timeoutMs: 5000,
          onFallback: () => {
            throw new Error('the contract must run on Redis, not on the fallback');
          },
        }),
    );
  });

  describe('two service instances on one Redis', () => {
    const T0 = 1_700_000_000_000;
    let clock: ManualClock;
    let registries: MetricsRegistry[];
    let a: RateLimitService;
    let b: RateLimitService;

    async function instance(index: number, keyPrefix: string): Promise<RateLimitService> {
      const config = testConfig().rateLimit;
      const policy = escalationPolicy(config);
      const metrics = new RateLimitMetrics(registries[index]);
      const store = new RedisRateLimitStore(await connect(), new InMemoryRateLimitStore(policy), {
        keyPrefix,
        policy,
        timeoutMs: 5000,
        onFallback: () => metrics.fallbacks.value++,
      });
      const noAudit = { get: () => ({ record: () => undefined, flush: async () => undefined }) };
      return new RateLimitService(config, store, clock, metrics, noAudit as unknown as ModuleRef);
    }

    const call = (sut: RateLimitService, keyId = 'k1') =>
      sut.consume({ principal: { tenantId: 't1', keyId }, route: 'GET /autointel' });
    const brief = (d: RateLimitDecision) => (d.allowed ? 'allowed' : `${d.scope} ${d.reason} ${d.retryAfterSeconds}`);

    beforeEach(async () => {
      clock = new ManualClock(T0);
      registries = [0, 1].map(() => MetricsRegistry.create(testConfig().metrics));
      const prefix = `${uniqueName('shared')}:`;
      a = await instance(0, prefix);
      b = await instance(1, prefix);
    });

    it('share one key’s budget: 45 calls on each admitted, the 91st denied, the refill taken by either', async () => {
      const admitted = [];
      for (let i = 0; i < 45; i++) admitted.push((await call(a)).allowed, (await call(b)).allowed);
      expect(admitted.filter(Boolean)).toHaveLength(90);
      expect(brief(await call(b))).toBe('user rate_limited 1');
      clock.advance(1000);
      expect(brief(await call(b))).toBe('allowed');
      expect(brief(await call(a))).toBe('user rate_limited 1');
    });

    it('share violations and cooldowns, escalated or forced', async () => {
      for (let i = 0; i < 90; i++) await call(i % 2 ? a : b);
      expect([brief(await call(a)), brief(await call(b)), brief(await call(a))]).toEqual([
        'user rate_limited 1',
        'user rate_limited 1',
        'user cooldown 30',
      ]);
      expect(brief(await call(b))).toBe('user cooldown 30');
      expect(await a.forceCooldown('k2', 120)).toBe(120);
      expect(brief(await call(b, 'k2'))).toBe('user cooldown 120');
      expect(await b.forceCooldown('k2', 60)).toBe(120);
    });

    it('decide in memory while Redis is away, and in Redis again once it is back', async () => {
      for (let i = 0; i < 90; i++) await call(a);
      await redis.stop();
      await eventually(async () => ((await call(b)).allowed ? true : undefined), 10_000, 'the in-memory fallback');
      const fallbacks = await registries[1].getSingleMetricAsString('rate_limit_store_fallbacks_total');
      expect(fallbacks).toMatch(/rate_limit_store_fallbacks_total [1-9]/);
      await redis.start();
      await eventually(
        async () => (brief(await call(b)) === 'user rate_limited 1' ? true : undefined),
        20_000,
        'Redis to decide again (the bucket it holds is empty)',
      );
    });
  });
});
