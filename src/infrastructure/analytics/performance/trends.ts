import type { SeriesKind, Trend, TrendDirection } from './analytics.model';
import { fitIndex } from './ols';
import type { AnalyticsSettings } from './performance-analytics.config';
import { round6 } from './round';

type TrendSettings = Pick<AnalyticsSettings, 'trendMinPoints' | 'stableSlope'>;

/**
 * The trend of one series: least squares of value on index. |slope| under `stableSlope` is stable; otherwise a
 * rising quality improves and a rising response time or error rate declines. The change rate is the fitted change
 * over the series relative to its first value (0 when that is 0), the next value the fit at index n, confidence
 * |r|, stability 1 − residual variance / max(value variance, 0.001), at least 0. Fewer than `trendMinPoints`
 * values: direction `unknown`.
 */
export function analyzeTrend(
  agent: string,
  series: SeriesKind,
  values: ArrayLike<number>,
  settings: TrendSettings,
  lookbackHours: number,
): Trend {
  const n = values.length;
  const base = { metricName: `${agent}_${series}`, agent, series, dataPointsCount: n, lookbackHours };
  if (n < settings.trendMinPoints)
    return {
      ...base,
      timePeriod: 'insufficient_data',
      direction: 'unknown',
      changeRate: 0,
      confidence: 0,
      forecastNextPeriod: 0,
      stability: 0,
    };
  const fit = fitIndex(values);
  return {
    ...base,
    timePeriod: `last_${n}_interactions`,
    direction: directionOf(series, fit.slope, settings.stableSlope),
    changeRate: round6(values[0] === 0 ? 0 : ((fit.slope * n) / values[0]) * 100),
    confidence: round6(Math.abs(fit.r)),
    forecastNextPeriod: round6(fit.slope * n + fit.intercept),
    stability: round6(Math.max(0, 1 - fit.residualVariance / Math.max(fit.valueVariance, 0.001))),
  };
}

function directionOf(series: SeriesKind, slope: number, stableSlope: number): TrendDirection {
  if (Math.abs(slope) < stableSlope) return 'stable';
  const risingIsGood = series === 'quality';
  return slope > 0 === risingIsGood ? 'improving' : 'declining';
}
