import type { EscalationPolicy } from '../../src/infrastructure/security/rate-limit/escalation';
import type { BucketRef, RateLimitStore } from '../../src/infrastructure/security/rate-limit/rate-limit.store';
import type { RateLimitScope } from '../../src/infrastructure/security/rate-limit/rate-limit.types';
import { bucketShape } from '../../src/infrastructure/security/rate-limit/token-bucket';

/** 900 s window; 3 → 30 s, 6 → 120 s, 9 → 600 s. */
export const DEFAULT_POLICY: EscalationPolicy = {
  windowMs: 900_000,
  steps: [
    { violations: 3, cooldownMs: 30_000 },
    { violations: 6, cooldownMs: 120_000 },
    { violations: 9, cooldownMs: 600_000 },
  ],
};

const T0 = 1_700_000_000_000;
const SEC = 1000;

function bucket(scope: RateLimitScope, key: string, perMinute: number, burst: number, escalate = true): BucketRef {
  return { scope, key, id: `${scope}:${key}`, shape: bucketShape(perMinute, burst), escalate };
}

/**
 * What every {@link RateLimitStore} must do, with the escalation policy {@link DEFAULT_POLICY}: run by the unit
 * tests on the in-memory store and by the scale tests on Redis. `create` gives a store with no state.
 */
export function rateLimitStoreContract(create: () => RateLimitStore | Promise<RateLimitStore>): void {
  let sut: RateLimitStore;
  // The bucket tests use buckets that do not escalate, so that their denials never turn into cooldowns.
  const user = bucket('user', 'k1', 60, 90, false);

  beforeEach(async () => {
    sut = await create();
  });

  /** `n` takes at `now`, the outcomes as `ok` / `<reason> <index> <retryAfterMs>`. */
  async function takes(n: number, buckets: readonly BucketRef[], now: number, cost = 1): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const o = await sut.take(buckets, cost, now);
      out.push(o.allowed ? 'ok' : `${o.reason} ${o.index} ${o.retryAfterMs}`);
    }
    return out;
  }

  describe('take', () => {
    it('admits a full bucket of 90 at once and denies the 91st for the 1 s until the next token', async () => {
      expect(await takes(90, [user], T0)).toEqual(Array<string>(90).fill('ok'));
      expect(await takes(1, [user], T0)).toEqual(['rate_limited 0 1000']);
    });

    it('keeps refilling while it denies: waits 500 ms half a token later, admits one a token later', async () => {
      await takes(90, [user], T0);
      expect(await takes(1, [user], T0)).toEqual(['rate_limited 0 1000']);
      expect(await takes(1, [user], T0 + 500)).toEqual(['rate_limited 0 500']);
      expect(await takes(1, [user], T0 + 999)).toEqual(['rate_limited 0 1']);
      expect(await takes(2, [user], T0 + SEC)).toEqual(['ok', 'rate_limited 0 1000']);
    });

    it('refills at perMinute / 60 tokens a second up to the burst, no further', async () => {
      await takes(90, [user], T0);
      expect(await takes(6, [user], T0 + 5 * SEC)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited 0 1000']);
      expect(await takes(91, [user], T0 + 3_600 * SEC)).toEqual([
        ...Array<string>(90).fill('ok'),
        'rate_limited 0 1000',
      ]);
    });

    it('takes `cost` tokens and tells a denied request how long until its whole cost is there', async () => {
      expect(await takes(9, [user], T0, 10)).toEqual(Array<string>(9).fill('ok'));
      expect(await takes(1, [user], T0, 10)).toEqual(['rate_limited 0 10000']);
      expect(await takes(1, [user], T0 + 4 * SEC, 10)).toEqual(['rate_limited 0 6000']);
      expect(await takes(2, [user], T0 + 4 * SEC, 4)).toEqual(['ok', 'rate_limited 0 4000']);
    });

    it('takes from every bucket or from none, and names the first bucket that lacks tokens', async () => {
      const wide = bucket('user', 'k2', 60, 5, false);
      const narrow = bucket('tenant', 't2', 60, 2, false);
      expect(await takes(3, [wide, narrow], T0)).toEqual(['ok', 'ok', 'rate_limited 1 1000']);
      expect(await takes(4, [wide], T0)).toEqual(['ok', 'ok', 'ok', 'rate_limited 0 1000']);
    });

    it('keeps buckets of different keys apart', async () => {
      await takes(90, [user], T0);
      expect(await takes(1, [bucket('user', 'k3', 60, 90)], T0)).toEqual(['ok']);
    });
  });

  describe('escalation', () => {
    const tight = bucket('user', 'tight', 60, 1);

    it('cools a key down for 30, 120 and 600 s at its 3rd, 6th and 9th violation within 900 s', async () => {
      let now = T0;
      const outcomes: string[] = [];
      expect(await takes(1, [tight], now)).toEqual(['ok']);
      for (let violation = 1; violation <= 9; violation++) {
        const [outcome] = await takes(1, [tight], now);
        outcomes.push(outcome);
        if (outcome.startsWith('cooldown')) {
          const ms = Number(outcome.split(' ')[2]);
          expect(await takes(1, [tight], now + ms - 1)).toEqual(['cooldown 0 1']);
          now += ms;
          expect(await takes(1, [tight], now)).toEqual(['ok']);
        }
      }
      expect(outcomes).toEqual([
        'rate_limited 0 1000',
        'rate_limited 0 1000',
        'cooldown 0 30000',
        'cooldown 0 30000',
        'cooldown 0 30000',
        'cooldown 0 120000',
        'cooldown 0 120000',
        'cooldown 0 120000',
        'cooldown 0 600000',
      ]);
    });

    it('does not count requests denied during a cooldown as violations', async () => {
      await takes(1, [tight], T0);
      await takes(3, [tight], T0);
      expect(await takes(50, [tight], T0 + SEC)).toEqual(Array<string>(50).fill('cooldown 0 29000'));
      expect(await takes(2, [tight], T0 + 30 * SEC)).toEqual(['ok', 'cooldown 0 30000']);
    });

    it('restarts the count when the previous violation is over 900 s old (900 s exactly still counts)', async () => {
      await takes(1, [tight], T0);
      expect(await takes(2, [tight], T0)).toEqual(['rate_limited 0 1000', 'rate_limited 0 1000']);
      expect(await takes(2, [tight], T0 + 900 * SEC + 1)).toEqual(['ok', 'rate_limited 0 1000']);
      expect(await takes(1, [tight], T0 + 900 * SEC + 1)).toEqual(['rate_limited 0 1000']);
      expect(await takes(1, [tight], T0 + 1_800 * SEC + 1)).toEqual(['ok']);
      expect(await takes(1, [tight], T0 + 1_800 * SEC + 1)).toEqual(['cooldown 0 30000']);
    });

    it('never escalates a bucket that does not escalate', async () => {
      const calm = bucket('provider', 'llm', 60, 1, false);
      await takes(1, [calm], T0);
      expect(await takes(20, [calm], T0)).toEqual(Array<string>(20).fill('rate_limited 0 1000'));
    });

    it('denies every request that draws on a key in cooldown, with the longest cooldown of its keys', async () => {
      const tenant = bucket('tenant', 't9', 600, 800);
      await sut.cooldown(tenant, T0 + 10 * SEC, T0);
      await sut.cooldown(bucket('user', 'k9', 60, 90), T0 + 20 * SEC, T0);
      expect(await takes(1, [bucket('user', 'k8', 60, 90), tenant], T0)).toEqual(['cooldown 1 10000']);
      expect(await takes(1, [bucket('user', 'k9', 60, 90), tenant], T0)).toEqual(['cooldown 0 20000']);
      expect(await takes(1, [bucket('user', 'k8', 60, 90), tenant], T0 + 10 * SEC)).toEqual(['ok']);
    });
  });

  describe('cooldown', () => {
    it('puts a key in cooldown and never shortens one in force', async () => {
      expect(await sut.cooldown(user, T0 + 600 * SEC, T0)).toBe(T0 + 600 * SEC);
      expect(await sut.cooldown(user, T0 + 30 * SEC, T0)).toBe(T0 + 600 * SEC);
      expect(await takes(1, [user], T0 + 599 * SEC)).toEqual(['cooldown 0 1000']);
      expect(await sut.cooldown(user, T0 + 700 * SEC, T0 + 599 * SEC)).toBe(T0 + 700 * SEC);
      expect(await takes(1, [user], T0 + 700 * SEC)).toEqual(['ok']);
    });

    it('leaves the bucket as it was: a cooled key gets its tokens back once the cooldown ends', async () => {
      await takes(90, [user], T0);
      await sut.cooldown(user, T0 + 10 * SEC, T0);
      expect(await takes(11, [user], T0 + 10 * SEC)).toEqual([...Array<string>(10).fill('ok'), 'rate_limited 0 1000']);
    });
  });
}
