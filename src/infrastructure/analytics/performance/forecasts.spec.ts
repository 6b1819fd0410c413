import { seededRandom } from '../../../core/runtime/random';
import { forecastSeries, replayOneStep } from './forecasts';
import { DEFAULT_ANALYTICS_SETTINGS as S } from './performance-analytics.config';

const line = (n: number) => Array.from({ length: n }, (_, i) => 0.5 + 0.01 * i);

/** Standard normal draws from a seeded source (Box–Muller). */
function gaussian(seed: number): () => number {
  const rng = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

describe('forecastSeries', () => {
  it('(d) 15 points of y = .5 + .01·i: linear, predictions .65–.69 (x0 = n−1+h) with zero-width intervals', () => {
    const sut = forecastSeries(line(15), S);
    expect(sut.model).toBe('linear');
    expect(sut.accuracy).toBe(1);
    expect(sut.predictions).toEqual(
      [0.65, 0.66, 0.67, 0.68, 0.69].map((v, i) => ({ step: i + 1, value: v, lower: v, upper: v })),
    );
  });

  it('(d) fewer than 10 values: insufficient_data without predictions', () => {
    expect(forecastSeries(line(9), S)).toEqual({
      model: 'insufficient_data',
      predictions: [],
      accuracy: 0,
      level: 0.95,
      coverage: null,
      coverageChecks: 0,
    });
  });

  it('widens the interval with the horizon, from the one-step errors', () => {
    const noise = gaussian(7);
    const values = Array.from({ length: 40 }, (_, i) => 100 + 2 * i + 5 * noise());
    const { predictions } = forecastSeries(values, S);
    const widths = predictions.map((p) => p.upper - p.lower);
    expect(widths.every((w, i) => i === 0 || w > widths[i - 1])).toBe(true);
  });
});

describe('replayOneStep', () => {
  it('covers 95 % ± 5 points of a line with known normal noise (2 000 points, σ = 0.05)', () => {
    const noise = gaussian(42);
    const values = Array.from({ length: 2_000 }, (_, i) => 0.3 + 0.0002 * i + 0.05 * noise());
    const sut = replayOneStep(values, 0.95);
    const coverage = sut.held / sut.checks;
    expect(sut.checks).toBe(1_995);
    expect(Math.abs(coverage - 0.95)).toBeLessThanOrEqual(0.05);
    expect(Number(coverage.toFixed(3))).toBe(0.947);
  });

  it('covers 80 % ± 5 points at an 80 % level', () => {
    const noise = gaussian(3);
    const values = Array.from({ length: 2_000 }, (_, i) => 10 - 0.001 * i + 2 * noise());
    const sut = replayOneStep(values, 0.8);
    expect(Math.abs(sut.held / sut.checks - 0.8)).toBeLessThanOrEqual(0.05);
  });
});
