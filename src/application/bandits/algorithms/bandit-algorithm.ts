import type { RandomSource } from '../../../core/runtime/random';

/** Names of the algorithms a domain can run. */
export const AlgorithmName = {
  DoublyRobust: 'doubly_robust',
  OffsetTree: 'offset_tree',
  LinUcb: 'linucb',
  ThompsonSampling: 'thompson_sampling',
  EpsilonGreedy: 'epsilon_greedy',
  UniformRandom: 'uniform_random',
} as const;
export type AlgorithmName = (typeof AlgorithmName)[keyof typeof AlgorithmName];
export const ALGORITHM_NAMES: readonly AlgorithmName[] = Object.values(AlgorithmName);

/** What `select` decided. */
export interface Selection {
  /** Index of the chosen action, 0 … k − 1. */
  readonly action: number;
  /** The model's estimate of the chosen action's reward. */
  readonly predictedReward: number;
  /** How much of the choice is exploration (bonus, sampling spread); ≥ 0. */
  readonly exploration: number;
  /** In [0, 1]. */
  readonly confidence: number;
  /**
   * Probability that this policy picks `action` for this context, in (0, 1] — exact where the policy's law is
   * known in closed form (ε-greedy, uniform, deterministic argmax = 1), estimated otherwise (documented per algorithm).
   */
  readonly propensity: number;
  readonly details?: Readonly<Record<string, number>>;
}

/** A JSON snapshot of a learner: `version` 1; `state` is the algorithm's own. */
export interface AlgorithmSnapshot {
  readonly version: number;
  readonly algorithm: AlgorithmName;
  readonly k: number;
  readonly d: number;
  readonly params: Readonly<Record<string, number>>;
  readonly updates: number;
  readonly state: unknown;
}

/** A contextual bandit over k actions and d-dimensional contexts; pure, with the RNG passed in. */
export interface BanditAlgorithm {
  readonly name: AlgorithmName;
  readonly k: number;
  readonly d: number;
  /** Number of updates so far. */
  readonly updates: number;
  select(x: readonly number[], rng: RandomSource): Selection;
  /** Learns reward `r` ∈ [0, 1] of action `a` under `x`; `propensity` is the logging policy's probability of `a`. */
  update(x: readonly number[], a: number, r: number, propensity?: number): void;
  snapshot(): AlgorithmSnapshot;
  /** Extra numbers for the summaries (e.g. tree size). */
  stats(): Readonly<Record<string, number>>;
}
