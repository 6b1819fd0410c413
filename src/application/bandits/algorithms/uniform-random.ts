import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import { checkContext, checkFeedback, checkShape, isRecord } from './algorithm-support';

/** JSON state: nothing beyond the snapshot's `updates`. */
export type UniformRandomState = Record<string, never>;

/**
 * Picks every action with probability 1/k and learns nothing (it only counts updates). Its exact, never-zero
 * propensities make its decisions the ideal log for off-policy evaluation. `predictedReward` is 0 (no model),
 * `exploration` 1 and `confidence` 1/k.
 */
export class UniformRandom implements BanditAlgorithm {
  readonly name = AlgorithmName.UniformRandom;
  private count = 0;

  constructor(
    readonly k: number,
    readonly d: number,
  ) {
    checkShape(k, d);
  }

  get updates(): number {
    return this.count;
  }

  select(x: readonly number[], rng: RandomSource): Selection {
    checkContext(x, this.d);
    const action = Math.min(this.k - 1, Math.floor(rng.next() * this.k));
    return { action, predictedReward: 0, exploration: 1, confidence: 1 / this.k, propensity: 1 / this.k };
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    this.count += 1;
  }

  snapshot(): AlgorithmSnapshot {
    const state: UniformRandomState = {};
    return { version: 1, algorithm: this.name, k: this.k, d: this.d, params: {}, updates: this.count, state };
  }

  /** Loads snapshot state into this (fresh) instance; false when the state is malformed. */
  loadState(state: unknown, updates: number): boolean {
    if (!isRecord(state)) return false;
    this.count = updates;
    return true;
  }

  stats(): Readonly<Record<string, number>> {
    return { rounds: this.count };
  }
}
