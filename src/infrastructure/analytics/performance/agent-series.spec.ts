import { agentSeries, withinLookback } from './agent-series';

const HOUR = 3_600_000;

describe('withinLookback', () => {
  it('(h) keeps items lacking timestamps and drops ones older than the cutoff', () => {
    const now = 100 * HOUR;
    const items = [
      { id: 'old', at: now - 25 * HOUR },
      { id: 'none' },
      { id: 'null', at: null },
      { id: 'nan', at: Number.NaN },
      { id: 'edge', at: now - 24 * HOUR },
      { id: 'new', at: now - HOUR },
    ];
    expect(withinLookback(items, now, 24).map((i) => i.id)).toEqual(['none', 'null', 'nan', 'edge', 'new']);
  });

  it('keeps everything for a lookback of 0, and returns the input itself when nothing is dropped', () => {
    const items = [{ at: 0 }];
    expect([withinLookback(items, 100 * HOUR, 0), withinLookback(items, HOUR, 24)]).toEqual([items, items]);
    expect(withinLookback(items, HOUR, 24)).toBe(items);
  });
});

describe('agentSeries', () => {
  it('builds the quality (non-null), response time and rolling error-rate series', () => {
    const outcomes = ['ok', 'error', 'ok', 'ok', 'error', 'ok', 'error'];
    const items = outcomes.map((outcome, i) => ({ outcome, quality: i === 2 ? null : 0.5, durationMs: 10 * i, at: i }));
    const sut = agentSeries(items, 5);
    expect({
      quality: sut.quality.values.length,
      responseTime: Array.from(sut.response_time.values),
      errorRate: Array.from(sut.error_rate.values),
      errorRateAt: Array.from(sut.error_rate.at),
      errors: sut.errors,
    }).toEqual({
      quality: 6,
      responseTime: [0, 10, 20, 30, 40, 50, 60],
      errorRate: [0.4, 0.4],
      errorRateAt: [5, 6],
      errors: 3,
    });
  });
});
