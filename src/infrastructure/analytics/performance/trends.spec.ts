import { DEFAULT_ANALYTICS_SETTINGS as S } from './performance-analytics.config';
import { analyzeTrend } from './trends';

const line = (n: number, slope: number) => Array.from({ length: n }, (_, i) => 0.5 + slope * i);

describe('analyzeTrend', () => {
  it('(b) y = .5 + .01·i over 10 points: quality improving, change 20 %, next 0.60, confidence 1, stability 1', () => {
    const sut = analyzeTrend('writer', 'quality', line(10, 0.01), S, 24);
    expect(sut).toEqual({
      metricName: 'writer_quality',
      agent: 'writer',
      series: 'quality',
      timePeriod: 'last_10_interactions',
      direction: 'improving',
      changeRate: 20,
      confidence: 1,
      forecastNextPeriod: 0.6,
      stability: 1,
      dataPointsCount: 10,
      lookbackHours: 24,
    });
  });

  it('(b) the same data as a response time is declining', () => {
    expect(analyzeTrend('writer', 'response_time', line(10, 0.01), S, 24).direction).toBe('declining');
  });

  it('(b) a slope of .0005 is stable', () => {
    expect(analyzeTrend('writer', 'quality', line(10, 0.0005), S, 24).direction).toBe('stable');
  });

  it('(c) 4 points are unknown with insufficient_data', () => {
    const sut = analyzeTrend('writer', 'quality', line(4, 0.01), S, 24);
    expect(sut).toMatchObject({ direction: 'unknown', timePeriod: 'insufficient_data', dataPointsCount: 4 });
  });

  it('a falling error rate improves, a first value of 0 gives a change rate of 0', () => {
    const sut = analyzeTrend('a', 'error_rate', [0, 0.4, 0.3, 0.2, 0.1, 0], S, 0);
    expect(sut).toMatchObject({ direction: 'improving', changeRate: 0 });
  });
});
