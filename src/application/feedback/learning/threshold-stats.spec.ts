import fc from 'fast-check';
import { checkRoundTrip, sequences } from '../../../../test/fixtures/snapshot-round-trip';
import { ThresholdStats } from './threshold-stats';

describe(ThresholdStats.name, () => {
  describe('record', () => {
    it('starts the quality EMA at the first observation and counts the decision', () => {
      const sut = new ThresholdStats();
      expect(sut.record('video', { bypassed: true, quality: 0.5, costSavedUsd: 0.02, timeSavedS: 3 })).toBe(true);
      expect(sut.get('video')).toEqual({
        avgQuality: 0.5,
        bypassCount: 1,
        processCount: 0,
        totalCostSavedUsd: 0.02,
        totalTimeSavedS: 3,
      });
    });

    it('moves the quality a fifth of the way and sums the savings', () => {
      const sut = new ThresholdStats();
      sut.record('video', { bypassed: true, quality: 0.5, costSavedUsd: 0.02, timeSavedS: 3 });
      sut.record('video', { bypassed: false, quality: 1.0 });
      sut.record('video', { bypassed: true, quality: 0.0, costSavedUsd: 0.01, timeSavedS: 1.5 });
      const stat = sut.get('video');
      expect(stat?.avgQuality).toBeCloseTo(0.48, 9);
      expect(stat?.bypassCount).toBe(2);
      expect(stat?.processCount).toBe(1);
      expect(stat?.totalCostSavedUsd).toBeCloseTo(0.03, 9);
      expect(stat?.totalTimeSavedS).toBe(4.5);
    });

    it('records nothing when the quality is not finite', () => {
      const sut = new ThresholdStats();
      expect(sut.record('text', { bypassed: false, quality: Number.NaN })).toBe(false);
      expect(sut.snapshot()).toEqual({});
    });

    it('evicts the least recently updated content type beyond maxTypes', () => {
      const sut = new ThresholdStats(1);
      sut.record('a', { bypassed: false, quality: 1 });
      sut.record('b', { bypassed: false, quality: 1 });
      expect(Object.keys(sut.snapshot())).toEqual(['b']);
    });
  });

  describe('snapshot', () => {
    it('returns each content type separately', () => {
      const sut = new ThresholdStats();
      sut.record('a', { bypassed: false, quality: 0.2 });
      sut.record('b', { bypassed: true, quality: 0.9 });
      expect(sut.snapshot()).toEqual({
        a: { avgQuality: 0.2, bypassCount: 0, processCount: 1, totalCostSavedUsd: 0, totalTimeSavedS: 0 },
        b: { avgQuality: 0.9, bypassCount: 1, processCount: 0, totalCostSavedUsd: 0, totalTimeSavedS: 0 },
      });
    });
  });

  describe('orderedSnapshot', () => {
    it('lists [contentType, stat] pairs least recently updated first, an overflowed total by its name', () => {
      const sut = new ThresholdStats();
      sut.record('video', { bypassed: true, quality: 0.5, costSavedUsd: -1e308, timeSavedS: 1e308 });
      sut.record('text', { bypassed: false, quality: 1 });
      sut.record('video', { bypassed: true, quality: 0.5, costSavedUsd: -1e308, timeSavedS: 1e308 });
      expect(sut.orderedSnapshot()).toEqual({
        types: [
          ['text', { avgQuality: 1, bypassCount: 0, processCount: 1, totalCostSavedUsd: 0, totalTimeSavedS: 0 }],
          [
            'video',
            {
              avgQuality: 0.5,
              bypassCount: 2,
              processCount: 0,
              totalCostSavedUsd: '-Infinity',
              totalTimeSavedS: 'Infinity',
            },
          ],
        ],
      });
    });
  });

  describe('restore', () => {
    const types = ['a', 'b', 'c', '7'];
    const saving = fc.option(fc.constantFrom(0.01, 0.5, 3, 1e308, -1e308), { nil: undefined });
    const op = fc.record({
      type: fc.constantFrom(...types),
      bypassed: fc.boolean(),
      quality: fc.integer({ min: 0, max: 100 }).map((q) => q / 100),
      costSavedUsd: saving,
      timeSavedS: saving,
    });

    it('behaves as the original for every later operation, evictions and overflowed totals included', () => {
      checkRoundTrip(
        {
          create: () => new ThresholdStats(2),
          apply: (s, o: typeof op extends fc.Arbitrary<infer T> ? T : never) => s.record(o.type, o),
          observe: (s) => ({ each: types.map((t) => s.get(t)), byType: s.snapshot() }),
          snapshot: (s) => s.orderedSnapshot(),
          restore: (json) => ThresholdStats.restore(json, 2),
        },
        sequences(op, 40),
      );
    });

    it('throws naming the field on garbage', () => {
      const stat = { avgQuality: 1, bypassCount: 0, processCount: 1, totalCostSavedUsd: null, totalTimeSavedS: 0 };
      expect(() => ThresholdStats.restore({ types: [['a', stat]] })).toThrow(
        'snapshot field types[0][1].totalCostSavedUsd must be a finite number, "Infinity", "-Infinity" or "NaN", got null',
      );
      expect(() => ThresholdStats.restore({ types: [[1, stat]] })).toThrow(
        'snapshot field types[0][0] must be a string, got 1',
      );
    });
  });
});
