import type { AlgorithmName } from './algorithms/bandit-algorithm';

/** A decision as the caller gets it. */
export interface Decision {
  readonly decisionId: string;
  readonly domain: string;
  readonly action: string;
  readonly actionIndex: number;
  readonly algorithm: AlgorithmName;
  readonly confidence: number;
  readonly exploration: number;
  readonly predictedReward: number;
  readonly propensity: number;
  /** Epoch ms after which feedback for this decision is refused. */
  readonly expiresAt: number;
}

export interface DecideInput {
  userId?: unknown;
  features?: unknown;
  algorithm?: unknown;
}

export interface FeedbackInput {
  decisionId?: unknown;
  reward?: unknown;
  metrics?: unknown;
}

export interface FeedbackOutcome {
  readonly decisionId: string;
  readonly domain: string;
  readonly action: string;
  readonly algorithm: AlgorithmName;
  readonly reward: number;
  /** The learners that take the update (every algorithm of the domain learns from every answered decision). */
  readonly updated: readonly AlgorithmName[];
  /** Scale-out mode: the update waits on the shared queue (applied within moments) instead of being applied. */
  readonly queued: boolean;
}
