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
});
