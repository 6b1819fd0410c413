import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import { argmax, checkContext, checkFeedback, checkShape, param } from './algorithm-support';
import { RidgeArms, type RidgeState } from './ridge-arms';

export interface LinUcbOptions {
  /** Width of the confidence bonus (default 1). */
  readonly alpha?: number;
  /** Prepend a constant 1 to the context so each action learns a bias (default true). */
  readonly intercept?: boolean;
}

/** JSON state: A⁻¹ and b per action (see {@link RidgeState}). */
export type LinUcbState = RidgeState;

/**
 * Disjoint LinUCB (Li et al. 2010): each action keeps a ridge regression A_a = I + Σ z·zᵀ, b_a = Σ r·z and scores
 * p_a = θ_a·z + α·sqrt(zᵀA_a⁻¹z) with θ_a = A_a⁻¹b_a; the largest score wins (ties → lowest index). A_a⁻¹ is
 * maintained by Sherman–Morrison, so select is O(k·n²) with n = d (+ 1 with the intercept).
 *
 * Selection is deterministic, so the propensity is 1 and `select` draws nothing. `predictedReward` is θ·z,
 * `exploration` the bonus, and `confidence` = 1 / (1 + bonus): 1 when the chosen action's estimate is certain,
 * falling towards 0 as its confidence interval widens. The `propensity` given to `update` is ignored.
 */
export class LinUcb implements BanditAlgorithm {
  readonly name = AlgorithmName.LinUcb;
  readonly alpha: number;
  readonly intercept: boolean;
  private readonly arms: RidgeArms;
  private count = 0;
  private readonly scores: Float64Array;
  private readonly bonuses: Float64Array;

  constructor(
    readonly k: number,
    readonly d: number,
    options: LinUcbOptions = {},
  ) {
    checkShape(k, d);
    this.alpha = param('alpha', options.alpha, 1, (v) => v >= 0, 'a finite number ≥ 0');
    if (options.intercept !== undefined && typeof options.intercept !== 'boolean') throw new RangeError(`intercept must be a boolean, got ${String(options.intercept)}`);
    this.intercept = options.intercept ?? true;
    this.arms = new RidgeArms(k, d, this.intercept);
    this.scores = new Float64Array(k);
    this.bonuses = new Float64Array(k);
  }

  get updates(): number {
    return this.count;
  }

  select(x: readonly number[], _rng: RandomSource): Selection {
    checkContext(x, this.d);
    const { arms, scores, bonuses } = this;
    arms.load(x);
    for (let a = 0; a < this.k; a++) {
      bonuses[a] = this.alpha * Math.sqrt(arms.spread(a));
      scores[a] = arms.mean(a) + bonuses[a];
    }
    const action = argmax(scores, this.k);
    const bonus = bonuses[action];
    return {
      action,
      predictedReward: arms.mean(action),
      exploration: bonus,
      confidence: 1 / (1 + bonus),
      propensity: 1,
      details: { score: scores[action] },
    };
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    this.arms.load(x);
    this.arms.learn(a, r);
    this.count += 1;
  }

  /** θ_a (with the intercept first when it is on). */
  coefficients(a: number): number[] {
    return this.arms.coefficients(a);
  }

  snapshot(): AlgorithmSnapshot {
    const state: LinUcbState = this.arms.toState();
    return { version: 1, algorithm: this.name, k: this.k, d: this.d, params: { alpha: this.alpha, intercept: this.intercept ? 1 : 0 }, updates: this.count, state };
  }

  /** Loads snapshot state into this (fresh) instance; false, leaving it unchanged, when the state is malformed. */
  loadState(state: unknown, updates: number): boolean {
    if (!this.arms.loadState(state)) return false;
    this.count = updates;
    return true;
  }

  stats(): Readonly<Record<string, number>> {
    return { rounds: this.count };
  }
}
