import type { Anomaly, AnomalyMethod, AnomalySeverity } from './analytics.model';
import type { Series } from './agent-series';
import type { AnalyticsSettings } from './performance-analytics.config';
import { RollingMeanStd, RollingMedianMad, type RollingWindow } from './rolling-window';
import { round6 } from './round';

type AnomalySettings = Pick<
  AnalyticsSettings,
  'anomalyWindow' | 'zThreshold' | 'zMedium' | 'zHigh' | 'zCritical' | 'robustThreshold'
>;

/**
 * Values far from the ones before them. Each value from index w = min(`anomalyWindow`, ⌊n/2⌋) on is compared
 * with the previous w values:
 * - `zscore`: z = |x − mean| / sample std; z > `zThreshold` is an anomaly, critical above `zCritical`, high above
 *   `zHigh`, medium above `zMedium`, else low;
 * - `robust`: the modified z-score 0.6745·|x − median| / MAD; above `robustThreshold` is an anomaly, with the
 *   severity bands scaled by robustThreshold / zThreshold (one outlier in the window cannot mask the next). When
 *   more than half the window is equal the MAD is 0, and 1.253314 × the mean absolute deviation stands in for
 *   MAD / 0.6745.
 * A window with no spread at all is skipped. The anomaly keeps the interaction's own time. The windows slide in
 * O(1) (z-score) or O(w) without sorting (robust) a step.
 */
export function detectAnomalies(
  agent: string,
  metricName: string,
  series: Series,
  method: AnomalyMethod,
  settings: AnomalySettings,
): Anomaly[] {
  const { values, at } = series;
  const n = values.length;
  const w = Math.min(settings.anomalyWindow, Math.floor(n / 2));
  if (w < 2) return [];
  const found: Anomaly[] = [];
  const robust = method === 'robust';
  const threshold = robust ? settings.robustThreshold : settings.zThreshold;
  const window: RollingWindow = robust ? new RollingMedianMad(values, w) : new RollingMeanStd(values, w);
  for (let i = w; i < n; i++) {
    const x = values[i];
    window.at(i);
    const { expected, spread } = window;
    if (!(spread > 1e-12)) continue;
    const score = Math.abs(x - expected) / spread;
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
      at: Number.isNaN(at[i]) ? null : at[i],
    });
  }
  return found;
}

function severityOf(z: number, s: AnomalySettings): AnomalySeverity {
  if (z > s.zCritical) return 'critical';
  if (z > s.zHigh) return 'high';
  if (z > s.zMedium) return 'medium';
  return 'low';
}
