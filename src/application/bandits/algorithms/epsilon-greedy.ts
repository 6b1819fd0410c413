import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import {
  argmax,
  checkContext,
  checkFeedback,
  checkShape,
  isRecord,
  param,
  readRows,
  readVector,
} from './algorithm-support';

export interface EpsilonGreedyOptions {
  /** Probability of a uniformly random action (default 0.1). */
  readonly epsilon?: number;
}

/** JSON state: per-action weights (k×d) and update counts n (k). */
export interface EpsilonGreedyState {
  readonly weights: number[][];
  readonly counts: number[];
}

/**
 * ε-greedy over per-action linear reward models (the benchmark baseline): w_a·x estimates action a's reward, and
 * an update of a takes an SGD step w_a += (r − w_a·x)·x / n_a with n_a the updates of a so far (no intercept).
 * A decision draws u; with u < ε it picks an action uniformly, otherwise the greedy argmax (ties → lowest).
 *
 * The propensity is exact: (1 − ε) + ε/k for the greedy action, ε/k for any other. `confidence` equals it;
 * `exploration` is 1 when the uniform branch was taken and 0 otherwise. The `propensity` given to `update` is ignored.
 */
export class EpsilonGreedy implements BanditAlgorithm {
  readonly name = AlgorithmName.EpsilonGreedy;
  readonly epsilon: number;
  private readonly weights: Float64Array[];
  private readonly counts: Float64Array;
  private readonly estimates: Float64Array;
  private count = 0;

  constructor(
    readonly k: number,
    readonly d: number,
    options: EpsilonGreedyOptions = {},
  ) {
    checkShape(k, d);
    this.epsilon = param('epsilon', options.epsilon, 0.1, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
    this.weights = Array.from({ length: k }, () => new Float64Array(d));
    this.counts = new Float64Array(k);
    this.estimates = new Float64Array(k);
  }

  get updates(): number {
    return this.count;
  }

  select(x: readonly number[], rng: RandomSource): Selection {
    checkContext(x, this.d);
    const { k, d, weights, estimates } = this;
    for (let a = 0; a < k; a++) {
      let s = 0;
      const w = weights[a];
      for (let i = 0; i < d; i++) s += w[i] * x[i];
      estimates[a] = s;
    }
    const greedy = argmax(estimates, k);
    const explore = rng.next() < this.epsilon;
    const action = explore ? Math.min(k - 1, Math.floor(rng.next() * k)) : greedy;
    const propensity = (action === greedy ? 1 - this.epsilon : 0) + this.epsilon / k;
    return {
      action,
      predictedReward: estimates[action],
      exploration: explore ? 1 : 0,
      confidence: propensity,
      propensity,
      details: { greedyAction: greedy },
    };
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    this.counts[a] += 1;
    const w = this.weights[a];
    let prediction = 0;
    for (let i = 0; i < this.d; i++) prediction += w[i] * x[i];
    const step = (r - prediction) / this.counts[a];
    for (let i = 0; i < this.d; i++) w[i] += step * x[i];
    this.count += 1;
  }

  snapshot(): AlgorithmSnapshot {
    const state: EpsilonGreedyState = {
      weights: this.weights.map((w) => Array.from(w)),
      counts: Array.from(this.counts),
    };
    return {
      version: 1,
      algorithm: this.name,
      k: this.k,
      d: this.d,
      params: { epsilon: this.epsilon },
      updates: this.count,
      state,
    };
  }

  /** Loads snapshot state into this (fresh) instance; false, leaving it unchanged, when the state is malformed. */
  loadState(state: unknown, updates: number): boolean {
    if (!isRecord(state)) return false;
    const weights = readRows(state.weights, this.k, this.d);
    const counts = readVector(state.counts, this.k);
    if (!weights || !counts || counts.some((c) => c < 0 || !Number.isInteger(c))) return false;
    weights.forEach((w, a) => this.weights[a].set(w));
    this.counts.set(counts);
    this.count = updates;
    return true;
  }

  stats(): Readonly<Record<string, number>> {
    return { rounds: this.count };
  }
}
