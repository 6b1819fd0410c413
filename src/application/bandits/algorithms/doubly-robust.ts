import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import {
  argmax,
  checkContext,
  checkFeedback,
  checkShape,
  clamp01,
  isRecord,
  param,
  readRows,
  readVector,
} from './algorithm-support';

export interface DoublyRobustOptions {
  /** Weight of the count bonus (default 1.5). */
  readonly alpha?: number;
  /** SGD step of the per-action linear reward model (default 0.1). */
  readonly learningRate?: number;
}

/** JSON state: per-action weights R (k×d) and importance weights w (k); t is the snapshot's `updates`. */
export interface DoublyRobustState {
  readonly R: number[][];
  readonly w: number[];
}

/**
 * The original's "doubly robust" learner, kept as it behaves: a per-action linear reward model R_a
 * learnt by SGD plus a count-based bonus, s_a = R_a·x + α·sqrt(ln(t + 1) / max(1, w_a)), where t counts updates
 * and w_a = 1 + updates of a. It has no inverse-propensity term, so despite its name it is not off-policy
 * corrected; the `propensity` given to `update` is ignored. Before the first update the bonus is 0 and every
 * decision is action 0.
 *
 * Differences from the original:
 * - [FIX] `confidence` is the original max(s) / (Σs + 1e−8) clamped into [0, 1] (it could be negative or > 1).
 * - `predictedReward` is the model estimate R_a·x; the original reported the whole score s_a, which is kept in
 *   `details.score` (score = predictedReward + exploration).
 *
 * Selection is a deterministic argmax (ties → lowest index), so the propensity is 1; `select` draws nothing.
 */
export class DoublyRobust implements BanditAlgorithm {
  readonly name = AlgorithmName.DoublyRobust;
  readonly alpha: number;
  readonly learningRate: number;
  private t = 0;
  private readonly R: Float64Array[];
  private readonly w: Float64Array;
  private readonly scores: Float64Array;
  private readonly means: Float64Array;

  constructor(
    readonly k: number,
    readonly d: number,
    options: DoublyRobustOptions = {},
  ) {
    checkShape(k, d);
    this.alpha = param('alpha', options.alpha, 1.5, (v) => v >= 0, 'a finite number ≥ 0');
    this.learningRate = param('learningRate', options.learningRate, 0.1, (v) => v > 0, 'a finite number > 0');
    this.R = Array.from({ length: k }, () => new Float64Array(d));
    this.w = new Float64Array(k).fill(1);
    this.scores = new Float64Array(k);
    this.means = new Float64Array(k);
  }

  get updates(): number {
    return this.t;
  }

  select(x: readonly number[], _rng: RandomSource): Selection {
    checkContext(x, this.d);
    const { k, w, scores, means } = this;
    const sum = this.score(x);
    const action = argmax(scores, k);
    let wSum = 0;
    for (let a = 0; a < k; a++) wSum += w[a];
    return {
      action,
      predictedReward: means[action],
      exploration: this.bonus(action),
      confidence: clamp01(scores[action] / (sum + 1e-8)),
      propensity: 1,
      details: { score: scores[action], importanceWeight: w[action], actionProb: w[action] / wSum, round: this.t },
    };
  }

  /** The score s_a of every action for `x` (what `select` maximises). */
  scoresFor(x: readonly number[]): number[] {
    checkContext(x, this.d);
    this.score(x);
    return Array.from(this.scores);
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    this.t += 1;
    const Ra = this.R[a];
    let prediction = 0;
    for (let i = 0; i < this.d; i++) prediction += Ra[i] * x[i];
    const step = this.learningRate * (r - prediction);
    for (let i = 0; i < this.d; i++) Ra[i] += step * x[i];
    this.w[a] += 1;
  }

  /** The model weights of action `a` (a copy). */
  weights(a: number): number[] {
    return Array.from(this.R[a]);
  }

  snapshot(): AlgorithmSnapshot {
    const state: DoublyRobustState = { R: this.R.map((row) => Array.from(row)), w: Array.from(this.w) };
    return {
      version: 1,
      algorithm: this.name,
      k: this.k,
      d: this.d,
      params: { alpha: this.alpha, learningRate: this.learningRate },
      updates: this.t,
      state,
    };
  }

  /** Loads snapshot state into this (fresh) instance; false, leaving it unchanged, when the state is malformed. */
  loadState(state: unknown, updates: number): boolean {
    if (!isRecord(state)) return false;
    const R = readRows(state.R, this.k, this.d);
    const w = readVector(state.w, this.k);
    if (!R || !w || w.some((v) => v < 1)) return false;
    R.forEach((row, a) => this.R[a].set(row));
    this.w.set(w);
    this.t = updates;
    return true;
  }

  stats(): Readonly<Record<string, number>> {
    return { rounds: this.t };
  }

  /** α·sqrt(ln(t + 1) / max(1, w_a)). */
  private bonus(a: number): number {
    return this.alpha * Math.sqrt(Math.log(this.t + 1) / Math.max(1, this.w[a]));
  }

  /** Fills `means` (R_a·x) and `scores` (plus the bonus); returns Σ scores. */
  private score(x: readonly number[]): number {
    const { k, d, R, scores, means } = this;
    let sum = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      const Ra = R[a];
      for (let i = 0; i < d; i++) s += Ra[i] * x[i];
      means[a] = s;
      scores[a] = s + this.bonus(a);
      sum += scores[a];
    }
    return sum;
  }
}
