import fc from 'fast-check';
import { checkRoundTrip, sequences } from '../../../../test/fixtures/snapshot-round-trip';
import { PromptAbStats, rewardFor } from './prompt-ab';

describe(rewardFor.name, () => {
  const obs = { quality: 0.8, latencyMs: 1000, costUsd: 0.01 };

  it('scores the quality target by quality alone', () => {
    expect(rewardFor('quality', obs)).toBe(0.8);
  });

  it('scores the speed target as 1/(1 + latency/1000)', () => {
    expect(rewardFor('speed', obs)).toBe(0.5);
    expect(rewardFor('speed', { ...obs, latencyMs: 3000 })).toBe(0.25);
    expect(rewardFor('speed', { ...obs, latencyMs: 0 })).toBe(1);
  });

  it('scores the cost target as 1/(1 + 100·cost)', () => {
    expect(rewardFor('cost', obs)).toBe(0.5);
    expect(rewardFor('cost', { ...obs, costUsd: 0.04 })).toBe(0.2);
    expect(rewardFor('cost', { ...obs, costUsd: 0 })).toBe(1);
  });

  it('scores the balanced target as 0.6·quality + 0.2·speed + 0.2·cost', () => {
    expect(rewardFor('balanced', obs)).toBeCloseTo(0.68, 9);
    expect(rewardFor('balanced', { quality: 1, latencyMs: 3000, costUsd: 0.04 })).toBeCloseTo(0.6 + 0.05 + 0.04, 9);
  });
});

describe(PromptAbStats.name, () => {
  describe('record', () => {
    it('starts the EMAs at the first outcome, then moves quality, latency and cost by 0.2 and success by 0.1', () => {
      const sut = new PromptAbStats();
      sut.record('v1', { quality: 0.5, latencyMs: 1000, costUsd: 0.01, success: true });
      expect(sut.get('v1')).toEqual({ samples: 1, quality: 0.5, latencyMs: 1000, costUsd: 0.01, successRate: 1 });
      sut.record('v1', { quality: 1, latencyMs: 2000, costUsd: 0.02, success: false });
      const stat = sut.get('v1');
      expect(stat?.samples).toBe(2);
      expect(stat?.quality).toBeCloseTo(0.6, 9);
      expect(stat?.latencyMs).toBeCloseTo(1200, 9);
      expect(stat?.costUsd).toBeCloseTo(0.012, 9);
      expect(stat?.successRate).toBeCloseTo(0.9, 9);
    });

    it('records nothing when a number is not finite', () => {
      const sut = new PromptAbStats();
      expect(sut.record('v', { quality: 0.5, latencyMs: Number.NaN, costUsd: 0, success: true })).toBe(false);
      expect(sut.snapshot()).toEqual({});
    });

    it('evicts the least recently updated variant beyond maxVariants', () => {
      const sut = new PromptAbStats(2);
      for (const id of ['a', 'b', 'c']) sut.record(id, { quality: 1, latencyMs: 0, costUsd: 0, success: true });
      expect(Object.keys(sut.snapshot())).toEqual(['b', 'c']);
    });
  });

  describe('best', () => {
    const sut = new PromptAbStats();
    sut.record('accurate', { quality: 0.9, latencyMs: 4000, costUsd: 0.05, success: true });
    sut.record('fast', { quality: 0.6, latencyMs: 250, costUsd: 0.03, success: true });
    sut.record('cheap', { quality: 0.5, latencyMs: 2000, costUsd: 0.001, success: true });

    it('picks the variant with the highest reward for each target', () => {
      expect(sut.best('quality')).toBe('accurate');
      expect(sut.best('speed')).toBe('fast');
      expect(sut.best('cost')).toBe('cheap');
      // accurate 0.54+0.04+0.0333…; fast 0.36+0.16+0.05; cheap 0.3+0.0666…+0.1818…
      expect(sut.best('balanced')).toBe('accurate');
    });

    it('breaks ties by the lexicographically smallest id and is undefined when empty', () => {
      const tied = new PromptAbStats();
      tied.record('b', { quality: 0.7, latencyMs: 100, costUsd: 0, success: true });
      tied.record('a', { quality: 0.7, latencyMs: 100, costUsd: 0, success: true });
      expect(tied.best('quality')).toBe('a');
      expect(new PromptAbStats().best('balanced')).toBeUndefined();
    });
  });

  describe('orderedSnapshot', () => {
    it('lists [variantId, stat] pairs least recently updated first', () => {
      const sut = new PromptAbStats();
      sut.record('b', { quality: 1, latencyMs: 10, costUsd: 0.5, success: true });
      sut.record('a', { quality: 0, latencyMs: 20, costUsd: 0, success: false });
      sut.record('b', { quality: 1, latencyMs: 10, costUsd: 0.5, success: true });
      expect(sut.orderedSnapshot()).toEqual({
        variants: [
          ['a', { samples: 1, quality: 0, latencyMs: 20, costUsd: 0, successRate: 0 }],
          ['b', { samples: 2, quality: 1, latencyMs: 10, costUsd: 0.5, successRate: 1 }],
        ],
      });
    });
  });

  describe('restore', () => {
    const ids = ['a', 'b', 'c', '1'];
    const op = fc.record({
      id: fc.constantFrom(...ids),
      quality: fc.integer({ min: 0, max: 100 }).map((q) => q / 100),
      latencyMs: fc.integer({ min: 0, max: 4000 }),
      costUsd: fc.integer({ min: 0, max: 100 }).map((c) => c / 1000),
      success: fc.boolean(),
    });

    it('behaves as the original for every later operation, evictions included', () => {
      checkRoundTrip(
        {
          create: () => new PromptAbStats(3),
          apply: (s, o: typeof op extends fc.Arbitrary<infer T> ? T : never) => s.record(o.id, o),
          observe: (s) => ({
            each: ids.map((id) => s.get(id)),
            best: (['quality', 'speed', 'cost', 'balanced'] as const).map((t) => s.best(t)),
          }),
          snapshot: (s) => s.orderedSnapshot(),
          restore: (json) => PromptAbStats.restore(json, 3),
        },
        sequences(op, 40),
      );
    });

    it('throws naming the field on garbage', () => {
      expect(() => PromptAbStats.restore({ variants: 'nope' })).toThrow(
        'snapshot field variants must be an array, got "nope"',
      );
      expect(() =>
        PromptAbStats.restore({ variants: [['v', { samples: 1, quality: 1, latencyMs: 0, successRate: 1 }]] }),
      ).toThrow('snapshot field variants[0][1].costUsd must be a finite number, got nothing');
    });
  });
});
