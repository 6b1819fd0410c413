import type { AlertMetric } from './alert-rules';
import type { Analysis } from './analytics.model';

/** Host figures the telemetry module last recorded (percent), when it has any. */
export interface HostFigures {
  readonly cpuPercent?: number;
  readonly memoryPercent?: number;
  readonly diskPercent?: number;
}

/**
 * The values alert rules read, from one analysis. A metric the analysis could not produce (no data, no forecast,
 * no host figures) is absent, and a rule on it does not hold. `overall_performance_score` is the mean of the
 * overall scores present; only the health score is produced here, so it equals `health_score`.
 */
export function alertMetrics(analysis: Analysis, host: HostFigures): Partial<Record<AlertMetric, number>> {
  const out: Partial<Record<AlertMetric, number>> = {};
  const score = analysis.systemHealth.overallScore;
  const hasData = analysis.systemHealth.status !== 'no_data';
  if (score !== null && hasData) {
    out.health_score = score;
    out.overall_performance_score = score;
  }
  if (hasData) {
    out.anomalies_detected = analysis.anomalies.detected;
    out.critical_high_anomalies = analysis.anomalies.critical + analysis.anomalies.high;
    const declining = analysis.performanceTrends
      .filter((t) => t.series === 'error_rate' && t.direction === 'declining')
      .map((t) => t.confidence);
    out.error_rate_trend_declining_confidence = declining.length ? Math.max(...declining) : 0;
  }
  const lows = Object.values(analysis.forecasts)
    .map((f) => f.qualityForecast.predictions[0]?.lower)
    .filter((v): v is number => v !== undefined);
  if (lows.length) out.forecast_quality_lower_bound = Math.min(...lows);
  if (analysis.intervalCoverage !== null) out.interval_coverage = analysis.intervalCoverage;
  const t = analysis.totals;
  if (t.meanQuality !== null) out.mean_quality = t.meanQuality;
  if (t.errorRate !== null) out.error_rate = t.errorRate;
  if (t.meanResponseTimeMs !== null) out.mean_response_time_ms = t.meanResponseTimeMs;
  if (host.cpuPercent !== undefined) out.cpu_percent = host.cpuPercent;
  if (host.memoryPercent !== undefined) out.memory_percent = host.memoryPercent;
  if (host.diskPercent !== undefined) out.disk_percent = host.diskPercent;
  return out;
}
