import type {
  AgentForecast,
  Analysis,
  Anomaly,
  Trend,
} from '../../../src/infrastructure/analytics/performance/analytics.model';
import { agentSeries, withinLookback, type InteractionSample } from './agent-series';
import { detectAnomalies } from './anomalies';
import { compareAgents } from '../../../src/infrastructure/analytics/performance/comparison';
import { forecastSeries } from './forecasts';
import { scoreHealth } from '../../../src/infrastructure/analytics/performance/health';
import type { AnalyticsSettings } from '../../../src/infrastructure/analytics/performance/performance-analytics.config';
import { insights, recommend } from '../../../src/infrastructure/analytics/performance/recommendations';
import { round6 } from '../../../src/infrastructure/analytics/performance/round';
import { analyzeTrend } from '../../../src/infrastructure/analytics/performance/trends';

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
  const coverages: number[] = [];
  for (const [agent, buffer] of input.buffers) {
    const recent = withinLookback(buffer, input.now, input.lookbackHours);
    if (recent.length > 0) recentByAgent.set(agent, recent);
    if (recent.length >= s.minPoints) {
      const series = agentSeries(recent, s.errorRateWindow);
      for (const kind of ['quality', 'response_time', 'error_rate'] as const)
        trends.push(
          analyzeTrend(
            agent,
            kind,
            series[kind].map((p) => p.value),
            s,
            input.lookbackHours,
          ),
        );
      for (const kind of ['quality', 'response_time'] as const)
        anomalies.push(...detectAnomalies(agent, `${agent}_${kind}`, series[kind], s.anomalyMethod, s));
    }
    if (buffer.length >= s.forecastMinInteractions) {
      const series = agentSeries(buffer, s.errorRateWindow);
      const forecast: AgentForecast = {
        qualityForecast: forecastSeries(
          series.quality.map((p) => p.value),
          s,
        ),
        responseTimeForecast: forecastSeries(
          series.response_time.map((p) => p.value),
          s,
        ),
      };
      forecasts[agent] = forecast;
      for (const f of [forecast.qualityForecast, forecast.responseTimeForecast])
        if (f.coverage !== null) coverages.push(f.coverage);
    }
  }
  const qualities = [...recentByAgent.values()].map((items) =>
    items.map((i) => i.quality).filter((q): q is number => q !== null),
  );
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
  const byTime = [...anomalies].sort((a, b) => (a.at ?? -Infinity) - (b.at ?? -Infinity));
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
      critical: anomalies.filter((a) => a.severity === 'critical').length,
      high: anomalies.filter((a) => a.severity === 'high').length,
      medium: anomalies.filter((a) => a.severity === 'medium').length,
      low: anomalies.filter((a) => a.severity === 'low').length,
      recent: byTime.slice(-5),
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
    totals: totalsOf([...recentByAgent.values()].flat()),
    intervalCoverage: coverages.length === 0 ? null : round6(coverages.reduce((a, b) => a + b, 0) / coverages.length),
  };
}

function totalsOf(items: readonly InteractionSample[]): Analysis['totals'] {
  const scored = items.map((i) => i.quality).filter((q): q is number => q !== null);
  const n = items.length;
  return {
    interactions: n,
    meanQuality: scored.length ? round6(scored.reduce((a, b) => a + b, 0) / scored.length) : null,
    errorRate: n ? round6(items.filter((i) => i.outcome === 'error').length / n) : null,
    meanResponseTimeMs: n ? round6(items.reduce((a, i) => a + i.durationMs, 0) / n) : null,
  };
}
