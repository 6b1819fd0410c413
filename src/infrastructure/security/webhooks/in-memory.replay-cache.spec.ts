import { ManualClock } from '../../../core/runtime/clock';
import { InMemoryReplayCache } from './in-memory.replay-cache';

describe(InMemoryReplayCache.name, () => {
  let clock: ManualClock;

  beforeEach(() => {
    clock = new ManualClock(1_000_000);
  });

  describe('claim', () => {
    it('returns true for a new key and false while it is held', async () => {
      const sut = new InMemoryReplayCache(clock, 10);
      expect(await sut.claim('a', 600_000)).toBe(true);
      clock.advance(599_999);
      expect(await sut.claim('a', 600_000)).toBe(false);
    });

    it('lets a key be claimed again once its TTL has passed, and drops expired keys', async () => {
      const sut = new InMemoryReplayCache(clock, 10);
      await sut.claim('a', 600_000);
      await sut.claim('b', 600_000);
      clock.advance(600_000);
      expect(await sut.claim('a', 600_000)).toBe(true);
      expect(sut.size).toBe(1);
    });

    it('makes room by dropping the oldest key when full', async () => {
      const sut = new InMemoryReplayCache(clock, 2);
      await sut.claim('a', 600_000);
      await sut.claim('b', 600_000);
      await sut.claim('c', 600_000);
      expect(sut.size).toBe(2);
      expect(await sut.claim('b', 600_000)).toBe(false);
      expect(await sut.claim('a', 600_000)).toBe(true);
    });
  });

  describe('constructor', () => {
    it('refuses a capacity below 1', () => {
      expect(() => new InMemoryReplayCache(clock, 0)).toThrow('capacity must be a positive integer');
    });
  });
});
