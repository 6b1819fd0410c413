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

  it('keeps everything for a lookback of 0', () => {
    expect(withinLookback([{ at: 0 }], 100 * HOUR, 0)).toHaveLength(1);
  });
});

describe('agentSeries', () => {
  it('builds the quality (non-null), response time and rolling error-rate series', () => {
    const outcomes = ['ok', 'error', 'ok', 'ok', 'error', 'ok', 'error'];
    const items = outcomes.map((outcome, i) => ({ outcome, quality: i === 2 ? null : 0.5, durationMs: 10 * i, at: i }));
    const sut = agentSeries(items, 5);
    expect({
      quality: sut.quality.length,
      responseTime: sut.response_time.map((p) => p.value),
      errorRate: sut.error_rate.map((p) => p.value),
    }).toEqual({ quality: 6, responseTime: [0, 10, 20, 30, 40, 50, 60], errorRate: [0.4, 0.4] });
  });
});
