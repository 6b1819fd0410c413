import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import { argmax, checkContext, checkShape, param } from './algorithm-support';
import { RidgeLearner, type RidgeState } from './ridge-arms';

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
export class LinUcb extends RidgeLearner implements BanditAlgorithm {
  readonly name = AlgorithmName.LinUcb;
  readonly alpha: number;
  private readonly scores: Float64Array;
  private readonly bonuses: Float64Array;

  constructor(k: number, d: number, options: LinUcbOptions = {}) {
    checkShape(k, d);
    if (options.intercept !== undefined && typeof options.intercept !== 'boolean')
      throw new RangeError(`intercept must be a boolean, got ${String(options.intercept)}`);
    super(k, d, options.intercept ?? true);
    this.alpha = param('alpha', options.alpha, 1, (v) => v >= 0, 'a finite number ≥ 0');
    this.scores = new Float64Array(k);
    this.bonuses = new Float64Array(k);
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

  protected params(): Record<string, number> {
    return { alpha: this.alpha };
  }
}
