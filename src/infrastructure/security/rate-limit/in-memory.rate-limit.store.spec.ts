import { DEFAULT_POLICY, rateLimitStoreContract } from '../../../../test/contracts/rate-limit-store.contract';
import { InMemoryRateLimitStore } from './in-memory.rate-limit.store';
import { bucketShape } from './token-bucket';

describe(InMemoryRateLimitStore.name, () => {
  describe('the store contract', () => rateLimitStoreContract(() => new InMemoryRateLimitStore(DEFAULT_POLICY)));

  describe('sweep', () => {
    const T0 = 1_000_000;
    const bucket = (key: string) => ({
      scope: 'user' as const,
      key,
      id: `user:${key}`,
      shape: bucketShape(60, 2),
      escalate: true,
    });

    it('drops a record once its bucket is full and it has no cooldown or violation in the window', () => {
      const sut = new InMemoryRateLimitStore(DEFAULT_POLICY, 60_000);
      sut.take([bucket('a')], 1, T0);
      sut.take([bucket('b')], 2, T0);
      expect(sut.take([bucket('b')], 1, T0)).toEqual({
        allowed: false,
        index: 0,
        reason: 'rate_limited',
        retryAfterMs: 1000,
      });
      expect(sut.size).toBe(2);
      sut.sweep(T0 + 1000);
      expect(sut.size).toBe(1);
      sut.sweep(T0 + DEFAULT_POLICY.windowMs);
      expect(sut.size).toBe(1);
      sut.sweep(T0 + DEFAULT_POLICY.windowMs + 1);
      expect(sut.size).toBe(0);
    });

    it('runs during a take at most once per sweep period', () => {
      const sut = new InMemoryRateLimitStore(DEFAULT_POLICY, 60_000);
      sut.take([bucket('a')], 1, T0);
      sut.take([bucket('b')], 1, T0 + 59_999);
      expect(sut.size).toBe(2);
      sut.take([bucket('c')], 1, T0 + 60_000);
      expect(sut.size).toBe(2);
    });
  });
});
