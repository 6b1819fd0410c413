import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type {
  Anomaly,
  AnomalyMethod,
  AnomalySeverity,
} from '../../../src/infrastructure/analytics/performance/analytics.model';
import type { SeriesPoint } from './agent-series';
import type { AnalyticsSettings } from '../../../src/infrastructure/analytics/performance/performance-analytics.config';
import { round6 } from '../../../src/infrastructure/analytics/performance/round';

type AnomalySettings = Pick<
  AnalyticsSettings,
  'anomalyWindow' | 'zThreshold' | 'zMedium' | 'zHigh' | 'zCritical' | 'robustThreshold'
>;

/** The scales that make the MAD, and the mean absolute deviation, of a normal sample estimate its std. */
const MAD_TO_SD = 1 / 0.6745;
const MEAN_AD_TO_SD = 1.253314;

/**
 * Values far from the ones before them. Each value from index w = min(`anomalyWindow`, ⌊n/2⌋) on is compared
 * with the previous w values:
 * - `zscore`: z = |x − mean| / sample std; z > `zThreshold` is an anomaly, critical above `zCritical`, high above
 *   `zHigh`, medium above `zMedium`, else low;
 * - `robust`: the modified z-score 0.6745·|x − median| / MAD; above `robustThreshold` is an anomaly, with the
 *   severity bands scaled by robustThreshold / zThreshold (one outlier in the window cannot mask the next). When
 *   more than half the window is equal the MAD is 0, and 1.253314 × the mean absolute deviation stands in for
 *   MAD / 0.6745.
 * A window with no spread at all is skipped. The anomaly keeps the interaction's own time.
 */
export function detectAnomalies(
  agent: string,
  metricName: string,
  points: readonly SeriesPoint[],
  method: AnomalyMethod,
  settings: AnomalySettings,
): Anomaly[] {
  const n = points.length;
  const w = Math.min(settings.anomalyWindow, Math.floor(n / 2));
  if (w < 2) return [];
  const found: Anomaly[] = [];
  const values = points.map((p) => p.value);
  for (let i = w; i < n; i++) {
    const x = values[i];
    const { expected, spread } = method === 'zscore' ? meanStd(values, i - w, i) : medianMad(values.slice(i - w, i));
    if (!(spread > 1e-12)) continue;
    const score = Math.abs(x - expected) / spread;
    const threshold = method === 'robust' ? settings.robustThreshold : settings.zThreshold;
    if (!(score > threshold)) continue;
    found.push({
      agent,
      metricName,
      method,
      type: x > expected ? 'spike' : 'drop',
      severity: severityOf(score * (settings.zThreshold / threshold), settings),
      value: x,
      expected: round6(expected),
      score: round6(score),
      spread: round6(spread),
      index: i,
      at: points[i].at,
    });
  }
  return found;
}

function meanStd(values: readonly number[], from: number, to: number): { expected: number; spread: number } {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  const mean = sum / (to - from);
  let ss = 0;
  for (let i = from; i < to; i++) ss += (values[i] - mean) ** 2;
  return { expected: mean, spread: Math.sqrt(ss / (to - from - 1)) };
}

/** The median and the robust spread (a standard-deviation estimate) of the window. */
function medianMad(window: number[]): { expected: number; spread: number } {
  const mid = median(window);
  const mad = medianAbsoluteDeviation(window);
  if (mad > 0) return { expected: mid, spread: mad * MAD_TO_SD };
  const meanAd = window.reduce((acc, v) => acc + Math.abs(v - mid), 0) / window.length;
  return { expected: mid, spread: meanAd * MEAN_AD_TO_SD };
}

function severityOf(z: number, s: AnomalySettings): AnomalySeverity {
  if (z > s.zCritical) return 'critical';
  if (z > s.zHigh) return 'high';
  if (z > s.zMedium) return 'medium';
  return 'low';
}
