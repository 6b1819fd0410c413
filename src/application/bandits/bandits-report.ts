import type { AlgorithmName } from './algorithms/bandit-algorithm';
import type { DomainDefinition } from './bandit-domains';
import type { DecisionCount } from './decision-counts';
import type { DomainState } from './domain-state';

/** Per algorithm, the decision counts to show (default: the state's counters). */
type Shown = ReadonlyMap<AlgorithmName, DecisionCount>;

export interface AlgorithmSummary {
  readonly decisions: number;
  readonly feedbacks: number;
  readonly totalReward: number;
  /** Rewards / feedbacks (not / decisions, the original's mistake); 0 before any feedback. */
  readonly avgReward: number;
  readonly updates: number;
  readonly lastDecisionAt: number | null;
  readonly stats: Readonly<Record<string, number>>;
}

export interface DomainSummary {
  readonly actions: readonly string[];
  readonly defaultAlgorithm: AlgorithmName;
  readonly dimension: number;
  readonly algorithms: Readonly<Record<string, AlgorithmSummary>>;
}

/** One algorithm of one tenant's domain. */
export function algorithmSummary(state: DomainState, algorithm: AlgorithmName, shown?: Shown): AlgorithmSummary {
  const c = state.counter(algorithm);
  const { decisions, lastDecisionAt } = shown?.get(algorithm) ?? c;
  const learner = state.learner(algorithm);
  return {
    decisions,
    feedbacks: c.feedbacks,
    totalReward: c.rewardSum,
    avgReward: c.feedbacks === 0 ? 0 : c.rewardSum / c.feedbacks,
    updates: learner.updates,
    lastDecisionAt,
    stats: learner.stats(),
  };
}

export function domainSummary(domain: DomainDefinition, state: DomainState, shown?: Shown): DomainSummary {
  return {
    actions: domain.actions,
    defaultAlgorithm: domain.defaultAlgorithm,
    dimension: domain.dimension,
    algorithms: Object.fromEntries(domain.algorithms.map((a) => [a, algorithmSummary(state, a, shown)])),
  };
}

/** The report's global block, from the domain summaries: avg reward = rewards / feedbacks. */
export function globalStats(domains: readonly DomainSummary[]) {
  let decisions = 0;
  let feedbacks = 0;
  let rewards = 0;
  for (const d of domains) {
    for (const a of Object.values(d.algorithms)) {
      decisions += a.decisions;
      feedbacks += a.feedbacks;
      rewards += a.totalReward;
    }
  }
  return {
    totalDecisions: decisions,
    totalFeedbacks: feedbacks,
    totalRewards: rewards,
    avgReward: feedbacks === 0 ? 0 : rewards / feedbacks,
  };
}

/** Per algorithm: its summary and its average reward relative to the best one's (0 when nobody has feedback). */
export function domainComparison(domain: DomainDefinition, state: DomainState, shown?: Shown) {
  const summaries = domain.algorithms.map((a) => [a, algorithmSummary(state, a, shown)] as const);
  const best = Math.max(0, ...summaries.map(([, s]) => s.avgReward));
  return {
    domain: domain.name,
    algorithms: Object.fromEntries(
      summaries.map(([a, s]) => [a, { ...s, relativePerformance: best > 0 ? s.avgReward / best : 0 }]),
    ),
    best: best > 0 ? summaries.find(([, s]) => s.avgReward === best)![0] : null,
  };
}
