import type { Anomaly, HealthStatus, Recommendation, Trend } from './analytics.model';
import type { AnalyticsSettings } from './performance-analytics.config';

type RecommendationSettings = Pick<AnalyticsSettings, 'recommendConfidence' | 'anomalyRecommendAbove'>;

export interface RecommendationInputs {
  readonly trends: readonly Trend[];
  readonly anomalies: readonly Anomaly[];
  readonly healthStatus: HealthStatus;
  /** Spend reported by a cost source over the lookback; undefined when no source reports any. */
  readonly spend?: number;
}

const ACTIONS = {
  quality: [
    'Review the agent’s prompts and instructions',
    'Check the agent’s tool usage for failing or misused tools',
    'Fine-tune or retrain on recent good examples',
    'Add quality gates on the agent’s output',
  ],
  performance: [
    'Profile the agent’s slowest tasks',
    'Choose faster tools for its common tasks',
    'Cache repeated lookups',
    'Set timeouts on slow calls',
  ],
  reliability: [
    'Inspect the errors the agent returned',
    'Add retries with backoff on transient failures',
    'Check the health of the tools it depends on',
    'Route its work elsewhere while it fails',
  ],
} as const;

/**
 * Recommendations, in rule order: each declining trend above `recommendConfidence` (quality → quality/high,
 * response time → performance/medium, error rate → reliability/high); more than `anomalyRecommendAbove`
 * critical+high anomalies → one critical reliability recommendation; a degraded or critical health status → one
 * critical system recommendation; a reported spend → one medium cost recommendation. Titles name the whole agent.
 */
export function recommend(input: RecommendationInputs, s: RecommendationSettings): Recommendation[] {
  const out: Recommendation[] = [];
  for (const t of input.trends) {
    if (t.direction !== 'declining' || !(t.confidence > s.recommendConfidence)) continue;
    const base = { confidence: t.confidence, agent: t.agent };
    if (t.series === 'quality')
      out.push({
        ...base,
        category: 'quality',
        priority: 'high',
        title: `Improve ${t.agent} response quality`,
        description: `Quality of ${t.agent} is declining (${t.changeRate}% over ${t.dataPointsCount} interactions)`,
        effort: 'medium',
        expectedImpact: '10–20 % higher quality',
        actions: ACTIONS.quality,
      });
    else if (t.series === 'response_time')
      out.push({
        ...base,
        category: 'performance',
        priority: 'medium',
        title: `Speed up ${t.agent}`,
        description: `Response time of ${t.agent} is rising (${t.changeRate}% over ${t.dataPointsCount} interactions)`,
        effort: 'low',
        expectedImpact: '15–30 % lower latency',
        actions: ACTIONS.performance,
      });
    else
      out.push({
        ...base,
        category: 'reliability',
        priority: 'high',
        title: `Reduce ${t.agent} errors`,
        description: `The error rate of ${t.agent} is rising (${t.changeRate}% over ${t.dataPointsCount} points)`,
        effort: 'medium',
        expectedImpact: 'fewer failed interactions',
        actions: ACTIONS.reliability,
      });
  }
  const severe = input.anomalies.filter((a) => a.severity === 'critical' || a.severity === 'high').length;
  if (severe > s.anomalyRecommendAbove)
    out.push({
      category: 'reliability',
      priority: 'critical',
      title: 'Investigate performance instability',
      description: `${severe} critical or high anomalies in the lookback`,
      effort: 'high',
      confidence: 0.9,
      expectedImpact: '50–80 % less instability',
      actions: ACTIONS.reliability,
      agent: null,
    });
  if (input.healthStatus === 'degraded' || input.healthStatus === 'critical')
    out.push({
      category: 'system',
      priority: 'critical',
      title: 'Restore system health',
      description: `System health is ${input.healthStatus}`,
      effort: 'high',
      confidence: 0.95,
      expectedImpact: 'health back above the fair band',
      actions: ['Address the critical recommendations first', 'Review the agents with declining trends'],
      agent: null,
    });
  if (input.spend !== undefined && input.spend > 0)
    out.push({
      category: 'cost',
      priority: 'medium',
      title: 'Review model and tool spend',
      description: `Spend in the lookback: ${input.spend}`,
      effort: 'medium',
      confidence: 0.7,
      expectedImpact: '20–40 % lower cost',
      actions: ['Route simple tasks to cheaper models', 'Cache repeated calls'],
      agent: null,
    });
  return out;
}

/**
 * Short statements for a reader: declining quality trends, critical anomalies and critical recommendations each
 * counted; a stable share of trends above `stableShare` is a stable baseline; otherwise "within normal parameters".
 */
export function insights(
  trends: readonly Trend[],
  anomalies: readonly Anomaly[],
  recommendations: readonly Recommendation[],
  stableShare: number,
): string[] {
  const out: string[] = [];
  const decliningQuality = trends.filter((t) => t.series === 'quality' && t.direction === 'declining').length;
  if (decliningQuality > 0) out.push(`${decliningQuality} agent(s) show declining quality`);
  const critical = anomalies.filter((a) => a.severity === 'critical').length;
  if (critical > 0) out.push(`${critical} critical anomal${critical === 1 ? 'y' : 'ies'} detected`);
  const urgent = recommendations.filter((r) => r.priority === 'critical').length;
  if (urgent > 0) out.push(`${urgent} critical recommendation(s) need attention`);
  const fitted = trends.filter((t) => t.direction !== 'unknown');
  if (fitted.length > 0 && fitted.filter((t) => t.direction === 'stable').length / fitted.length > stableShare)
    out.push('Performance holds a stable baseline');
  if (out.length === 0) out.push('Performance is within normal parameters');
  return out;
}
