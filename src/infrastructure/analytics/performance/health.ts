import { sampleVariance } from 'simple-statistics';
import type { Anomaly, HealthComponents, HealthStatus, KeyIndicators, SystemHealth, Trend } from './analytics.model';
import type { AnalyticsSettings } from './performance-analytics.config';
import { round6 } from './round';

type HealthSettings = Pick<
  AnalyticsSettings,
  | 'trendWeight'
  | 'anomalyWeight'
  | 'performanceWeight'
  | 'stabilityWeight'
  | 'dashboardWeight'
  | 'anomalyHealthScale'
  | 'defaultUptime'
  | 'incidentScale'
  | 'excellentAt'
  | 'goodAt'
  | 'fairAt'
  | 'degradedAt'
  | 'legacyEmptyHealth'
>;

/** What the health score reads besides trends and anomalies. */
export interface HealthInputs {
  /** Per agent with interactions: its quality values, oldest first. */
  readonly qualities: readonly (readonly number[])[];
  readonly trends: readonly Trend[];
  readonly anomalies: readonly Anomaly[];
  /** Uptime share 0–1 from a source, or undefined (then `defaultUptime`). */
  readonly uptime?: number;
  /** Open incidents (firing critical alerts). */
  readonly incidents: number;
  readonly indicators: KeyIndicators;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The health score, the weighted mean (normalised by the weights' sum, clamped to [0, 1]) of:
 * - trend health = 1 − declining / all trends (1 with none);
 * - anomaly health = max(0, 1 − (critical + high) / `anomalyHealthScale`);
 * - performance = mean over agents of the mean of their last 5 qualities (0.75 with none);
 * - stability = mean over agents with more than 5 qualities of max(0, 1 − sample variance of the last 10) (0.8);
 * - dashboard = 0.6·uptime + 0.4·max(0, 1 − incidents / `incidentScale`).
 * With no agent having data the status is `no_data` and the score null, unless `legacyEmptyHealth` asks for the
 * original's score of the defaults (0.9046, "excellent").
 */
export function scoreHealth(input: HealthInputs, s: HealthSettings): SystemHealth {
  const empty = input.indicators.agentsWithData === 0;
  if (empty && !s.legacyEmptyHealth)
    return { overallScore: null, status: 'no_data', components: null, keyIndicators: input.indicators };
  const declining = input.trends.filter((t) => t.direction === 'declining').length;
  const severe = input.anomalies.filter((a) => a.severity === 'critical' || a.severity === 'high').length;
  const recent = input.qualities.filter((q) => q.length > 0).map((q) => mean(q.slice(-5)));
  const steady = input.qualities.filter((q) => q.length > 5).map((q) => Math.max(0, 1 - sampleVariance(q.slice(-10))));
  const uptime = Math.min(1, Math.max(0, input.uptime ?? s.defaultUptime));
  const components: HealthComponents = {
    trend: input.trends.length === 0 ? 1 : 1 - declining / input.trends.length,
    anomaly: Math.max(0, 1 - severe / s.anomalyHealthScale),
    performance: recent.length === 0 ? 0.75 : mean(recent),
    stability: steady.length === 0 ? 0.8 : mean(steady),
    dashboard: 0.6 * uptime + 0.4 * Math.max(0, 1 - input.incidents / s.incidentScale),
  };
  const weights = [s.trendWeight, s.anomalyWeight, s.performanceWeight, s.stabilityWeight, s.dashboardWeight];
  const parts = [components.trend, components.anomaly, components.performance, components.stability];
  const weighted = [...parts, components.dashboard].reduce((acc, v, i) => acc + v * weights[i], 0);
  const total = weights.reduce((a, b) => a + b, 0);
  const score = round6(Math.min(1, Math.max(0, total > 0 ? weighted / total : 0.5)));
  return {
    overallScore: score,
    status: statusOf(score, s),
    components: {
      trend: round6(components.trend),
      anomaly: round6(components.anomaly),
      performance: round6(components.performance),
      stability: round6(components.stability),
      dashboard: round6(components.dashboard),
    },
    keyIndicators: input.indicators,
  };
}

/** ≥ excellentAt excellent, ≥ goodAt good, ≥ fairAt fair, ≥ degradedAt degraded, else critical. */
export function statusOf(score: number, s: HealthSettings): HealthStatus {
  if (score >= s.excellentAt) return 'excellent';
  if (score >= s.goodAt) return 'good';
  if (score >= s.fairAt) return 'fair';
  if (score >= s.degradedAt) return 'degraded';
  return 'critical';
}
