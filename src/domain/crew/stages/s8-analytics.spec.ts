import { ManualClock } from '../../../core/runtime/clock';
import { analyticsStage, nearestRank, RunHistoryAnalytics, type RunRecord } from './s8-analytics';

const HOUR = 3_600_000;
const NOW = 100 * HOUR;

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  workflowId: 'w',
  depth: 'standard',
  status: 'completed',
  durationMs: 1000,
  at: NOW,
  ...over,
});

describe(RunHistoryAnalytics.name, () => {
  let clock: ManualClock;
  let sut: RunHistoryAnalytics;

  beforeEach(() => {
    clock = new ManualClock(NOW);
    sut = new RunHistoryAnalytics(clock);
  });

  describe('dashboard', () => {
    it('returns zeros without runs', async () => {
      expect(await sut.dashboard(24)).toEqual({
        total: 0,
        completed: 0,
        failed: 0,
        success_rate: 0,
        by_depth: {},
        window_hours: 24,
      });
    });

    it('counts runs at exactly now − hours and leaves out older ones', async () => {
      sut.record(run({ workflowId: 'edge', at: NOW - 24 * HOUR }));
      sut.record(run({ workflowId: 'old', at: NOW - 24 * HOUR - 1 }));
      sut.record(run({ workflowId: 'fresh', status: 'failed', at: NOW - 1 }));
      const dashboard = await sut.dashboard(24);
      expect(dashboard).toMatchObject({ total: 2, completed: 1, failed: 1, success_rate: 0.5, window_hours: 24 });
    });

    it('moves its window with the clock', async () => {
      sut.record(run({ at: NOW }));
      clock.advance(2 * HOUR + 1);
      expect(await sut.dashboard(2)).toMatchObject({ total: 0 });
      expect(await sut.dashboard(3)).toMatchObject({ total: 1 });
    });

    it('rounds the success rate to 3 decimals', async () => {
      sut.record(run({ status: 'completed' }));
      sut.record(run({ status: 'failed' }));
      sut.record(run({ status: 'failed' }));
      expect(await sut.dashboard(24)).toMatchObject({ success_rate: 0.333 });
    });

    it('reports count, p50 and p95 (nearest rank) per depth', async () => {
      for (let ms = 100; ms <= 2000; ms += 100) sut.record(run({ depth: 'deep', durationMs: ms }));
      sut.record(run({ depth: 'standard', durationMs: 700 }));
      const { by_depth } = await sut.dashboard(24);
      expect(by_depth).toEqual({
        deep: { count: 20, p50_ms: 1000, p95_ms: 1900 },
        standard: { count: 1, p50_ms: 700, p95_ms: 700 },
      });
    });
  });

  describe('record', () => {
    it('keeps only the newest `capacity` runs', async () => {
      sut = new RunHistoryAnalytics(clock, 3);
      sut.record(run({ status: 'failed' }));
      for (let i = 0; i < 3; i++) sut.record(run({ durationMs: 10 * (i + 1) }));
      expect(await sut.dashboard(24)).toMatchObject({
        total: 3,
        failed: 0,
        by_depth: { standard: { count: 3, p50_ms: 20, p95_ms: 30 } },
      });
    });

    it('throws for a capacity that is not a positive integer', () => {
      expect(() => new RunHistoryAnalytics(clock, 0)).toThrow(RangeError);
      expect(() => new RunHistoryAnalytics(clock, 1.5)).toThrow(RangeError);
    });
  });
});

describe(nearestRank.name, () => {
  it('returns the value at rank ⌈p·n⌉', () => {
    expect(nearestRank([1, 2, 3, 4], 50)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 95)).toBe(4);
    expect(nearestRank([5], 0)).toBe(5);
  });
});

describe(analyticsStage.name, () => {
  it('returns the 24-hour dashboard', async () => {
    const hours: number[] = [];
    const result = await analyticsStage({ analytics: { dashboard: async (h) => (hours.push(h), { total: 7 }) } });
    expect(result).toEqual({ status: 'ok', data: { dashboard: { total: 7 } } });
    expect(hours).toEqual([24]);
  });

  it('returns an unavailable error when the port throws', async () => {
    const result = await analyticsStage({ analytics: { dashboard: () => Promise.reject(new Error('down')) } });
    expect(result).toMatchObject({
      status: 'error',
      category: 'unavailable',
      error: 'performance analytics failed: down',
    });
  });
});
