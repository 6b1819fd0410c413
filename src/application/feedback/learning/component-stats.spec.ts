import fc from 'fast-check';
import { checkRoundTrip, sequences, timed } from '../../../../test/fixtures/snapshot-round-trip';
import { agentRoutingReward, ComponentStats, toolRoutingReward } from './component-stats';

describe(ComponentStats.name, () => {
  describe('record', () => {
    it('starts every EMA at the first observation', () => {
      const sut = new ComponentStats();
      expect(sut.record('search', { success: true, latencyMs: 200, reward: 0.7, now: 1000 })).toBe(true);
      expect(sut.get('search')).toEqual({ samples: 1, successRate: 1, latencyMs: 200, reward: 0.7, lastUpdated: 1000 });
    });

    it('then moves each EMA a tenth of the way to the new value', () => {
      const sut = new ComponentStats();
      sut.record('search', { success: true, latencyMs: 200, reward: 1.0, now: 1000 });
      sut.record('search', { success: false, latencyMs: 1200, reward: 0.0, now: 2000 });
      const stat = sut.get('search');
      expect(stat?.samples).toBe(2);
      expect(stat?.successRate).toBeCloseTo(0.9, 9);
      expect(stat?.latencyMs).toBeCloseTo(300, 9);
      expect(stat?.reward).toBeCloseTo(0.9, 9);
      expect(stat?.lastUpdated).toBe(2000);
    });

    it('updates the latency only when one is given', () => {
      const sut = new ComponentStats();
      sut.record('a', { success: true, reward: 0.5, now: 1 });
      expect(sut.get('a')).toEqual({ samples: 1, successRate: 1, reward: 0.5, lastUpdated: 1 });
      sut.record('a', { success: true, latencyMs: 400, reward: 0.5, now: 2 });
      sut.record('a', { success: true, reward: 0.5, now: 3 });
      expect(sut.get('a')?.latencyMs).toBe(400);
    });

    it('records nothing when the reward is not finite', () => {
      const sut = new ComponentStats();
      expect(sut.record('a', { success: true, reward: Number.NaN, now: 1 })).toBe(false);
      expect(sut.get('a')).toBeUndefined();
      expect(sut.size).toBe(0);
    });

    it('evicts the least recently updated id beyond maxIds', () => {
      const sut = new ComponentStats(2);
      sut.record('a', { success: true, reward: 1, now: 1 });
      sut.record('b', { success: true, reward: 1, now: 2 });
      sut.record('a', { success: true, reward: 1, now: 3 });
      sut.record('c', { success: true, reward: 1, now: 4 });
      expect(Object.keys(sut.snapshot()).sort()).toEqual(['a', 'c']);
      expect(sut.size).toBe(2);
    });
  });

  describe('snapshot', () => {
    it('returns every id with its statistics', () => {
      const sut = new ComponentStats();
      sut.record('a', { success: false, reward: 0, now: 5 });
      expect(sut.snapshot()).toEqual({ a: { samples: 1, successRate: 0, reward: 0, lastUpdated: 5 } });
    });
  });

  describe('orderedSnapshot', () => {
    it('lists [id, stat] pairs least recently updated first, whatever the ids look like', () => {
      const sut = new ComponentStats();
      sut.record('2', { success: true, reward: 1, now: 1 });
      sut.record('1', { success: false, latencyMs: 50, reward: 0, now: 2 });
      expect(sut.orderedSnapshot()).toEqual({
        stats: [
          ['2', { samples: 1, successRate: 1, reward: 1, lastUpdated: 1 }],
          ['1', { samples: 1, successRate: 0, latencyMs: 50, reward: 0, lastUpdated: 2 }],
        ],
      });
    });
  });

  describe('restore', () => {
    const ids = ['a', 'b', 'c', '1', '2'];
    const op = fc.record({
      id: fc.constantFrom(...ids),
      success: fc.boolean(),
      latencyMs: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
      reward: fc.integer({ min: 0, max: 100 }).map((r) => r / 100),
      dt: fc.integer({ min: 0, max: 1000 }),
    });

    it('behaves as the original for every later operation, evictions included', () => {
      checkRoundTrip(
        {
          create: () => new ComponentStats(3),
          apply: (s, o: typeof op extends fc.Arbitrary<infer T> ? T & { at: number } : never) =>
            s.record(o.id, { success: o.success, latencyMs: o.latencyMs, reward: o.reward, now: o.at }),
          observe: (s) => ({ each: ids.map((id) => s.get(id)), size: s.size, byId: s.snapshot() }),
          snapshot: (s) => s.orderedSnapshot(),
          restore: (json) => ComponentStats.restore(json, 3),
        },
        timed(sequences(op, 40)),
      );
    });

    it('throws naming the field on garbage', () => {
      const stat = { samples: 1, successRate: 1, reward: 1, lastUpdated: 0 };
      expect(() => ComponentStats.restore({ stats: [['a', { ...stat, samples: -1 }]] })).toThrow(
        'snapshot field stats[0][1].samples must be a whole number ≥ 0, got -1',
      );
      expect(() => ComponentStats.restore({ stats: [['a', { ...stat, latencyMs: 'x' }]] })).toThrow(
        'snapshot field stats[0][1].latencyMs must be a finite number, got "x"',
      );
      expect(() => ComponentStats.restore({ stats: [['a']] })).toThrow(
        'snapshot field stats[0] must be a [key, value] pair, got an array of 1',
      );
      expect(() =>
        ComponentStats.restore({
          stats: [
            ['a', stat],
            ['a', stat],
          ],
        }),
      ).toThrow('snapshot field stats[1][0] repeats the key "a"');
    });
  });
});

describe(toolRoutingReward.name, () => {
  it('scores 0.6 + 0.4·quality, less a capped penalty above 5 s, and 0 on failure', () => {
    expect(toolRoutingReward(true, 1, 1000)).toBe(1);
    expect(toolRoutingReward(true, 0.5, 5000)).toBe(0.8);
    expect(toolRoutingReward(true, 0.5, 10_000)).toBeCloseTo(0.7, 9);
    expect(toolRoutingReward(true, 0.5, 60_000)).toBeCloseTo(0.7, 9);
    expect(toolRoutingReward(true, 0, 20_000)).toBeCloseTo(0.5, 9);
    expect(toolRoutingReward(false, 1, 10)).toBe(0);
  });
});

describe(agentRoutingReward.name, () => {
  it('scores 0.5 + 0.5·quality, less 0.2 beyond twice the expected duration, and 0 on failure', () => {
    expect(agentRoutingReward(true, 0.8, 10, 10)).toBeCloseTo(0.9, 9);
    expect(agentRoutingReward(true, 0.8, 20, 10)).toBeCloseTo(0.9, 9);
    expect(agentRoutingReward(true, 0.8, 21, 10)).toBeCloseTo(0.7, 9);
    expect(agentRoutingReward(true, 1.5, 1, 10)).toBe(1);
    expect(agentRoutingReward(false, 1, 1, 10)).toBe(0);
  });
});
