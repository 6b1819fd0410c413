import { detectAnomalies } from './anomalies';
import { DEFAULT_ANALYTICS_SETTINGS as S } from './performance-analytics.config';

const points = (values: number[]) => ({
  values: Float64Array.from(values),
  at: Float64Array.from(values, (_, i) => 1_000 * i),
});
const series = [0.8, 0.82, 0.8, 0.82, 0.8, 0.82, 0.8, 0.82, 0.8, 0.82, 0.2];

describe('detectAnomalies', () => {
  it('(a) [.80,.82]×5 then .20: one critical drop at index 10, z ≈ 55.9, expected ≈ .812', () => {
    const sut = detectAnomalies('w', 'w_quality', points(series), 'zscore', S);
    expect(sut).toEqual([
      {
        agent: 'w',
        metricName: 'w_quality',
        method: 'zscore',
        type: 'drop',
        severity: 'critical',
        value: 0.2,
        expected: 0.812,
        score: 55.867701,
        spread: 0.010954,
        index: 10,
        at: 10_000,
      },
    ]);
  });

  it('robust: the same drop by the median and the mean absolute deviation (MAD 0), score 61.8 > 3.5', () => {
    const sut = detectAnomalies('w', 'w_quality', points(series), 'robust', S);
    expect(sut.map((a) => [a.index, a.type, a.severity, a.expected, a.score, a.spread])).toEqual([
      [10, 'drop', 'critical', 0.82, 61.83606, 0.010027],
    ]);
  });

  it('skips a window without spread', () => {
    expect(detectAnomalies('w', 'q', points([0.5, 0.5, 0.5, 0.5, 0.5, 0.9]), 'zscore', S)).toEqual([]);
  });

  it('robust: an outlier in the window does not mask the next one as it does the z-score', () => {
    const values = [...Array.from({ length: 6 }, () => [1, 1.1, 0.9]).flat(), 9, 9];
    const view = (method: 'zscore' | 'robust') =>
      detectAnomalies('w', 'rt', points(values), method, S).map((a) => [a.index, a.severity, a.score]);
    expect({ z: view('zscore'), robust: view('robust') }).toEqual({
      z: [
        [18, 'critical', 91.480647],
        [19, 'medium', 2.844569],
      ],
      robust: [
        [18, 'critical', 53.96],
        [19, 'critical', 53.96],
      ],
    });
  });
});
