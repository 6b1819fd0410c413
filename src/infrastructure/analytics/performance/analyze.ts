import {
  SERIES_KINDS,
  type AgentForecast,
  type Analysis,
  type Anomaly,
  type AnomalySeverity,
  type Trend,
} from './analytics.model';
import { agentSeries, withinLookback, type AgentSeries, type InteractionSample } from './agent-series';
import { detectAnomalies } from './anomalies';
import { compareAgents } from './comparison';
import { forecastSeries } from './forecasts';
import { scoreHealth } from './health';
import type { AnalyticsSettings } from './performance-analytics.config';
import { insights, recommend } from './recommendations';
import { round6 } from './round';
import { analyzeTrend } from './trends';

/** Health reads an agent's last 5 and last 10 qualities. */
const HEALTH_QUALITIES = 10;
const RECENT_ANOMALIES = 5;

/** What one analysis reads: per agent its newest `bufferSize` interactions, oldest first, and the context. */
export interface AnalysisInput {
  readonly now: number;
  readonly lookbackHours: number;
  readonly buffers: ReadonlyMap<string, readonly InteractionSample[]>;
  /** Agents known to the source (with or without data in the lookback); default the buffers' agents. */
  readonly agentsMonitored?: number;
  readonly uptime?: number;
  readonly incidents?: number;
  /** Alerts fired within the lookback. */
  readonly recentAlerts?: number;
  readonly spend?: number;
}

/**
 * The whole analysis: trends and anomalies per agent with at least `minPoints` interactions in the lookback,
 * forecasts per agent with at least `forecastMinInteractions` buffered ones (the lookback does not apply), health,
 * comparison, recommendations and insights. Pure: the same input gives the same output.
 */
export function analyze(input: AnalysisInput, s: AnalyticsSettings): Analysis {
  const trends: Trend[] = [];
  const anomalies: Anomaly[] = [];
  const forecasts: Record<string, AgentForecast> = {};
  const recentByAgent = new Map<string, readonly InteractionSample[]>();
  const qualities: number[][] = [];
  const coverages: number[] = [];
  const totals = { interactions: 0, scored: 0, qualitySum: 0, errors: 0, durationSum: 0 };
  for (const [agent, buffer] of input.buffers) {
    const recent = withinLookback(buffer, input.now, input.lookbackHours);
    // Built once: the buffer's series serve the forecasts too when the lookback dropped nothing.
    const series = recent.length > 0 ? agentSeries(recent, s.errorRateWindow) : null;
    if (series) {
      recentByAgent.set(agent, recent);
      qualities.push(Array.from(series.quality.values.subarray(-HEALTH_QUALITIES)));
      addTotals(totals, recent.length, series);
    }
    if (series && recent.length >= s.minPoints) {
      for (const kind of SERIES_KINDS)
        trends.push(analyzeTrend(agent, kind, series[kind].values, s, input.lookbackHours));
      for (const kind of ['quality', 'response_time'] as const)
        for (const a of detectAnomalies(agent, `${agent}_${kind}`, series[kind], s.anomalyMethod, s)) anomalies.push(a);
    }
    if (buffer.length >= s.forecastMinInteractions) {
      const all = series && recent === buffer ? series : agentSeries(buffer, s.errorRateWindow);
      const forecast: AgentForecast = {
        qualityForecast: forecastSeries(all.quality.values, s),
        responseTimeForecast: forecastSeries(all.response_time.values, s),
      };
      forecasts[agent] = forecast;
      for (const f of [forecast.qualityForecast, forecast.responseTimeForecast])
        if (f.coverage !== null) coverages.push(f.coverage);
    }
  }
  const agentsMonitored = input.agentsMonitored ?? input.buffers.size;
  const health = scoreHealth(
    {
      qualities,
      trends,
      anomalies,
      uptime: input.uptime,
      incidents: input.incidents ?? 0,
      indicators: {
        agentsMonitored,
        agentsWithData: recentByAgent.size,
        coverageRatio: agentsMonitored === 0 ? 0 : round6(recentByAgent.size / agentsMonitored),
        recentAlerts: input.recentAlerts ?? 0,
        activeRecommendations: 0,
      },
    },
    s,
  );
  const recommendations = recommend({ trends, anomalies, healthStatus: health.status, spend: input.spend }, s);
  const counts = severityCounts(anomalies);
  return {
    analysisTimestamp: input.now,
    lookbackHours: input.lookbackHours,
    systemHealth: {
      ...health,
      keyIndicators: { ...health.keyIndicators, activeRecommendations: recommendations.length },
    },
    performanceTrends: trends,
    anomalies: {
      detected: anomalies.length,
      ...counts,
      recent: latest(anomalies, RECENT_ANOMALIES),
    },
    forecasts,
    optimizationRecommendations: {
      critical: recommendations.filter((r) => r.priority === 'critical'),
      high: recommendations.filter((r) => r.priority === 'high'),
      medium: recommendations.filter((r) => r.priority === 'medium'),
      totalRecommendations: recommendations.length,
    },
    comparativeInsights: compareAgents(recentByAgent),
    actionableInsights: insights(trends, anomalies, recommendations, s.stableShare),
    totals: {
      interactions: totals.interactions,
      meanQuality: totals.scored ? round6(totals.qualitySum / totals.scored) : null,
      errorRate: totals.interactions ? round6(totals.errors / totals.interactions) : null,
      meanResponseTimeMs: totals.interactions ? round6(totals.durationSum / totals.interactions) : null,
    },
    intervalCoverage: coverages.length === 0 ? null : round6(coverages.reduce((a, b) => a + b, 0) / coverages.length),
  };
}

/** Sums in the items' order, agent after agent, as one pass over all of them would add them. */
function addTotals(
  totals: { interactions: number; scored: number; qualitySum: number; errors: number; durationSum: number },
  interactions: number,
  series: AgentSeries,
): void {
  const q = series.quality.values;
  const t = series.response_time.values;
  for (let i = 0; i < q.length; i++) totals.qualitySum += q[i];
  for (let i = 0; i < t.length; i++) totals.durationSum += t[i];
  totals.scored += q.length;
  totals.errors += series.errors;
  totals.interactions += interactions;
}

function severityCounts(anomalies: readonly Anomaly[]): Record<AnomalySeverity, number> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const a of anomalies) counts[a.severity]++;
  return counts;
}

/**
 * The `k` latest anomalies, oldest first; one without a time counts as oldest, and among equal times the later
 * found is the later (a stable sort by time, its last `k`), picked in one pass.
 */
export function latest(anomalies: readonly Anomaly[], k: number): Anomaly[] {
  const picked: Anomaly[] = [];
  const time = (a: Anomaly) => a.at ?? -Infinity;
  for (const a of anomalies) {
    if (picked.length === k && time(a) < time(picked[0])) continue;
    let j = picked.length;
    while (j > 0 && time(picked[j - 1]) > time(a)) j--;
    picked.splice(j, 0, a);
    if (picked.length > k) picked.shift();
  }
  return picked;
}
