import { mean, sampleVariance, sampleStandardDeviation } from 'simple-statistics';
import type { AgentComparison, ComparativeInsights } from './analytics.model';
import type { InteractionSample } from './agent-series';
import { round6 } from './round';

/**
 * Agents side by side, over the last 10 interactions of each agent with at least 5: mean quality, consistency
 * 1 − quality variance, mean response time and time consistency max(0, 1 − std / max(mean, 1)); the best and worst
 * quality, the fastest, and the gap between best and worst.
 */
export function compareAgents(byAgent: ReadonlyMap<string, readonly InteractionSample[]>): ComparativeInsights {
  const agents: AgentComparison[] = [];
  for (const [agent, items] of byAgent) {
    if (items.length < 5) continue;
    const last = items.slice(-10);
    const qualities = last.map((i) => i.quality).filter((q): q is number => q !== null);
    const times = last.map((i) => i.durationMs);
    const meanTime = mean(times);
    agents.push({
      agent,
      meanQuality: round6(qualities.length ? mean(qualities) : 0),
      consistency: round6(qualities.length > 1 ? 1 - sampleVariance(qualities) : 1),
      meanResponseTimeMs: round6(meanTime),
      timeConsistency: round6(Math.max(0, 1 - sampleStandardDeviation(times) / Math.max(meanTime, 1))),
      interactions: items.length,
    });
  }
  if (agents.length === 0)
    return {
      agents,
      bestQuality: null,
      worstQuality: null,
      fastest: null,
      qualityGap: null,
      message: 'insufficient data: no agent has 5 interactions',
    };
  const byQuality = [...agents].sort((a, b) => b.meanQuality - a.meanQuality || a.agent.localeCompare(b.agent));
  const fastest = [...agents].sort((a, b) => a.meanResponseTimeMs - b.meanResponseTimeMs)[0];
  const best = byQuality[0];
  const worst = byQuality[byQuality.length - 1];
  return {
    agents,
    bestQuality: best.agent,
    worstQuality: worst.agent,
    fastest: fastest.agent,
    qualityGap: round6(best.meanQuality - worst.meanQuality),
    message: null,
  };
}
