import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import { argmax, checkContext, checkShape, clamp01, param } from './algorithm-support';
import { normal } from './random-draws';
import { normalWinProbability } from './win-probability';
import { RidgeLearner, type RidgeState } from './ridge-arms';

export interface ThompsonSamplingOptions {
  /** Scale of the posterior: θ̃ ~ N(θ̂, v²·A⁻¹) (default 0.25). */
  readonly v?: number;
  /** Prepend a constant 1 to the context so each action learns a bias (default true). */
  readonly intercept?: boolean;
}

/** JSON state: A⁻¹ and b per action (see {@link RidgeState}). */
export type ThompsonSamplingState = RidgeState;

/**
 * Linear Thompson sampling (Agrawal & Goyal 2013): per action the ridge posterior of {@link RidgeArms}; each
 * decision samples θ̃_a ~ N(θ̂_a, v²·A_a⁻¹) and picks the largest θ̃_a·z (ties → lowest index).
 *
 * Only the score θ̃_a·z is ever used, and for a fixed z it is exactly N(θ̂_a·z, v²·zᵀA_a⁻¹z). So the score is drawn
 * directly from that law — one normal per action and no Cholesky factor — which is the same distribution over
 * decisions as sampling the whole vector, at O(n²) instead of O(n³) per action.
 *
 * Propensity: the probability that the chosen action's score is the largest of the k independent normal scores it
 * was drawn from, by quadrature ({@link normalWinProbability}; exact up to the rule's error), floored at
 * 1 / (16·k). `confidence` is that same probability, `predictedReward`
 * the posterior mean θ̂·z and `exploration` the posterior standard deviation of the chosen action's score.
 * The `propensity` given to `update` is ignored.
 */
export class ThompsonSampling extends RidgeLearner implements BanditAlgorithm {
  readonly name = AlgorithmName.ThompsonSampling;
  readonly v: number;
  private readonly means: Float64Array;
  private readonly sds: Float64Array;
  private readonly samples: Float64Array;

  constructor(k: number, d: number, options: ThompsonSamplingOptions = {}) {
    checkShape(k, d);
    if (options.intercept !== undefined && typeof options.intercept !== 'boolean')
      throw new RangeError(`intercept must be a boolean, got ${String(options.intercept)}`);
    super(k, d, options.intercept ?? true);
    this.v = param('v', options.v, 0.25, (v) => v >= 0, 'a finite number ≥ 0');
    this.means = new Float64Array(k);
    this.sds = new Float64Array(k);
    this.samples = new Float64Array(k);
  }

  select(x: readonly number[], rng: RandomSource): Selection {
    checkContext(x, this.d);
    const { arms, means, sds, samples, k } = this;
    arms.load(x);
    for (let a = 0; a < k; a++) {
      means[a] = arms.mean(a);
      sds[a] = this.v * Math.sqrt(arms.spread(a));
      samples[a] = means[a] + sds[a] * normal(rng);
    }
    const action = argmax(samples, k);
    const propensity = normalWinProbability(means, sds, k, action);
    return {
      action,
      predictedReward: means[action],
      exploration: sds[action],
      confidence: clamp01(propensity),
      propensity,
      details: { sampledScore: samples[action] },
    };
  }

  protected params(): Record<string, number> {
    return { v: this.v };
  }
}
