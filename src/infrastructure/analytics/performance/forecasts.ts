import { jStat } from 'jstat';
import type { ForecastPoint, SeriesForecast } from './analytics.model';
import { fitIndex } from './ols';
import type { AnalyticsSettings } from './performance-analytics.config';
import { round6 } from './round';

type ForecastSettings = Pick<AnalyticsSettings, 'forecastMinPoints' | 'forecastHorizon' | 'intervalLevel'>;

/** Below this many degrees of freedom the t quantile is used, above it the normal one. */
const T_BELOW = 30;
const tables = new Map<number, Float64Array>();

/**
 * The two-sided quantiles of `level`: index d < 30 holds Student's t with max(1, d) degrees of freedom, index 30
 * the normal one. Computed once per level.
 */
function quantileTable(level: number): Float64Array {
  let table = tables.get(level);
  if (table === undefined) {
    const p = (1 + level) / 2;
    table = new Float64Array(T_BELOW + 1);
    for (let d = 0; d < T_BELOW; d++) table[d] = jStat.studentt.inv(p, Math.max(1, d));
    table[T_BELOW] = jStat.normal.inv(p, 0, 1);
    tables.set(level, table);
  }
  return table;
}

/** The two-sided quantile for `level` with `dof` degrees of freedom (Student's t below 30, else normal). */
export function intervalQuantile(level: number, dof: number): number {
  return quantileTable(level)[dof < T_BELOW ? Math.max(0, dof) : T_BELOW];
}

/**
 * The one-step errors of the model, replayed: for each t ≥ 3 the line fitted on values 0..t−1 predicts value t.
 * Each error is divided by sqrt(1 + 1/t + (t − x̄)²/Sxx), the growth a line's prediction error has away from its
 * data, so all of them estimate the same noise. Before each prediction the interval the model would have given
 * then (from the errors seen so far) is checked against the value: that share is the live coverage.
 */
export function replayOneStep(values: ArrayLike<number>, level: number) {
  const table = quantileTable(level);
  let sy = 0;
  let sxy = 0;
  let sumU2 = 0;
  let k = 0;
  let checks = 0;
  let held = 0;
  for (let t = 0; t < values.length; t++) {
    const y = values[t];
    if (t >= 3) {
      const meanX = (t - 1) / 2;
      const sxx = (t * (t * t - 1)) / 12;
      const meanY = sy / t;
      const slope = (sxy - t * meanX * meanY) / sxx;
      const error = y - (meanY + slope * (t - meanX));
      const growth = Math.sqrt(1 + 1 / t + (t - meanX) ** 2 / sxx);
      if (k >= 2) {
        checks++;
        const halfWidth = table[k < T_BELOW ? k : T_BELOW] * Math.sqrt(sumU2 / k) * growth;
        if (Math.abs(error) <= halfWidth + 1e-12) held++;
      }
      const u = error / growth;
      sumU2 += u * u;
      k++;
    }
    sy += y;
    sxy += t * y;
  }
  return { errors: k, noise: k > 0 ? Math.sqrt(sumU2 / k) : 0, checks, held };
}

/**
 * A linear forecast of the next `forecastHorizon` values: least squares on the index, predicted at n−1+h. The
 * interval is ±q·s·sqrt(1 + 1/n + (x0 − x̄)²/Sxx), where s is the root mean square of the model's scaled one-step
 * errors (see {@link replayOneStep}) and q the two-sided quantile of `intervalLevel` (Student's t below 30 errors).
 * Fewer than `forecastMinPoints` values: model `insufficient_data`, no predictions.
 */
export function forecastSeries(values: ArrayLike<number>, settings: ForecastSettings): SeriesForecast {
  const level = settings.intervalLevel;
  const n = values.length;
  if (n < settings.forecastMinPoints)
    return { model: 'insufficient_data', predictions: [], accuracy: 0, level, coverage: null, coverageChecks: 0 };
  const fit = fitIndex(values);
  const replay = replayOneStep(values, level);
  const q = intervalQuantile(level, replay.errors);
  // Rounding noise of a perfect fit is not an error.
  const s = fit.residualSe === 0 ? 0 : replay.noise;
  const predictions: ForecastPoint[] = [];
  for (let h = 1; h <= settings.forecastHorizon; h++) {
    const x0 = n - 1 + h;
    const value = fit.intercept + fit.slope * x0;
    const half = q * s * Math.sqrt(1 + 1 / n + (x0 - fit.meanX) ** 2 / fit.sxx);
    predictions.push({ step: h, value: round6(value), lower: round6(value - half), upper: round6(value + half) });
  }
  return {
    model: 'linear',
    predictions,
    accuracy: round6(Math.abs(fit.r)),
    level,
    coverage: replay.checks > 0 ? round6(replay.held / replay.checks) : null,
    coverageChecks: replay.checks,
  };
}
