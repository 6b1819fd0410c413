import { RedisReplayCache, type RedisSetNx } from './redis.replay-cache';

/** `SET key value PX ms NX` on a map, with Redis's replies ('OK' or null); records each call. */
class FakeRedis {
  readonly calls: unknown[][] = [];
  readonly keys = new Map<string, string>();

  set(...args: unknown[]): Promise<'OK' | null> {
    this.calls.push(args);
    const [key, value] = args as [string, string];
    if (this.keys.has(key)) return Promise.resolve(null);
    this.keys.set(key, value);
    return Promise.resolve('OK');
  }
}

describe(RedisReplayCache.name, () => {
  describe('claim', () => {
    it('stores the key only if absent, with a millisecond expiry, under the prefix', async () => {
      const redis = new FakeRedis();
      const sut = new RedisReplayCache(redis as unknown as RedisSetNx, 'crew');
      expect(await sut.claim('github:msg_1', 600_000)).toBe(true);
      expect(await sut.claim('github:msg_1', 600_000)).toBe(false);
      expect(redis.calls).toEqual([
        ['crew:webhook-replay:github:msg_1', '1', 'PX', 600_000, 'NX'],
        ['crew:webhook-replay:github:msg_1', '1', 'PX', 600_000, 'NX'],
      ]);
    });

    it('rejects when Redis does not answer in time, instead of waiting for it', async () => {
      const silent = { set: () => new Promise<never>(() => undefined) };
      const sut = new RedisReplayCache(silent, 'crew', 20);
      await expect(sut.claim('github:msg_1', 600_000)).rejects.toThrow('no answer within 20 ms');
    });
  });
});
