import { seededRandom } from '../../core/runtime/random';
import { isRetryableError, retry, retryDelayMs, type RetryPolicy } from './retry';

describe('retryDelayMs', () => {
  it('doubles from the base and caps at the maximum without jitter', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 5000, jitter: false };
    expect([0, 1, 2, 3, 4].map((k) => retryDelayMs(policy, k, seededRandom(1)))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('jitters within [0.5, 1.5) of the capped delay and never above the maximum ([FIX] R9)', () => {
    const random = seededRandom(7);
    const policy = { baseDelayMs: 1000, maxDelayMs: 30_000, jitter: true };
    for (let i = 0; i < 1000; i++) {
      const first = retryDelayMs(policy, 0, random);
      const second = retryDelayMs(policy, 1, random);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThan(1500);
      expect(second).toBeGreaterThanOrEqual(1000);
      expect(second).toBeLessThan(3000);
      expect(retryDelayMs(policy, 10, random)).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('retry', () => {
  const policy: RetryPolicy = {
    attempts: 3,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    jitter: false,
    retryOn: isRetryableError,
  };
  let now: number;
  let sleeps: number[];
  const deps = () => ({
    random: seededRandom(1),
    now: () => now,
    sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)),
  });

  beforeEach(() => {
    now = 0;
    sleeps = [];
  });

  it('makes 3 calls in total and sleeps only between them', async () => {
    const calls: number[] = [];
    const outcome = await retry(
      async (n) => {
        calls.push(n);
        throw new Error(`boom ${n}`);
      },
      policy,
      deps(),
    );
    expect(calls).toEqual([1, 2, 3]);
    expect(sleeps).toEqual([100, 200]);
    expect(outcome).toMatchObject({ ok: false, attempts: 3, stop: 'exhausted', error: new Error('boom 3') });
  });

  it('returns the first success', async () => {
    const outcome = await retry(
      async (n) => {
        if (n < 2) throw new Error('once');
        return 'ok';
      },
      policy,
      deps(),
    );
    expect(outcome).toEqual({ ok: true, value: 'ok', attempts: 2 });
  });

  it('does not retry an error the predicate rejects (validation errors by default)', async () => {
    const outcome = await retry(
      async () => {
        throw Object.assign(new Error('bad input'), { category: 'validation' });
      },
      policy,
      deps(),
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 1, stop: 'not_retryable' });
    expect(isRetryableError(Object.assign(new Error(), { retryable: false }))).toBe(false);
    expect(isRetryableError(new Error('io'))).toBe(true);
  });

  it('starts no retry that would end past the deadline', async () => {
    const outcome = await retry(
      async () => {
        throw new Error('slow');
      },
      { ...policy, attempts: 10, deadlineMs: 250 },
      deps(),
    );
    expect(sleeps).toEqual([100]);
    expect(outcome).toMatchObject({ ok: false, attempts: 2, stop: 'deadline' });
  });

  it('stops when the signal aborts during a sleep', async () => {
    const controller = new AbortController();
    const outcome = await retry(
      async () => {
        throw new Error('x');
      },
      policy,
      {
        ...deps(),
        signal: controller.signal,
        sleep: async () => {
          controller.abort();
          throw new Error('aborted');
        },
      },
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 1, stop: 'aborted' });
  });
});
