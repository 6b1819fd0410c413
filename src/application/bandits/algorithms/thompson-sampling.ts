import type { RandomSource } from '../../../core/runtime/random';
import { AlgorithmName, type AlgorithmSnapshot, type BanditAlgorithm, type Selection } from './bandit-algorithm';
import { argmax, checkContext, checkFeedback, checkShape, clamp01, param } from './algorithm-support';
import { normal, normalWinShare } from './random-draws';
import { RidgeArms, type RidgeState } from './ridge-arms';

export interface ThompsonSamplingOptions {
  /** Scale of the posterior: θ̃ ~ N(θ̂, v²·A⁻¹) (default 0.25). */
  readonly v?: number;
  /** Prepend a constant 1 to the context so each action learns a bias (default true). */
  readonly intercept?: boolean;
}

/** JSON state: A⁻¹ and b per action (see {@link RidgeState}). */
export type ThompsonSamplingState = RidgeState;

/** Extra posterior draws behind the propensity estimate. */
export const TS_PROPENSITY_DRAWS = 16;

/**
 * Linear Thompson sampling (Agrawal & Goyal 2013): per action the ridge posterior of {@link RidgeArms}; each
 * decision samples θ̃_a ~ N(θ̂_a, v²·A_a⁻¹) and picks the largest θ̃_a·z (ties → lowest index).
 *
 * Only the score θ̃_a·z is ever used, and for a fixed z it is exactly N(θ̂_a·z, v²·zᵀA_a⁻¹z). So the score is drawn
 * directly from that law — one normal per action and no Cholesky factor — which is the same distribution over
 * decisions as sampling the whole vector, at O(n²) instead of O(n³) per action.
 *
 * Propensity (an estimate): the chosen action's share of {@link TS_PROPENSITY_DRAWS} further independent draws of
 * all k scores from the same posterior, floored at 1 / (16·k). `confidence` is that same estimate, `predictedReward`
 * the posterior mean θ̂·z and `exploration` the posterior standard deviation of the chosen action's score.
 * The `propensity` given to `update` is ignored.
 */
export class ThompsonSampling implements BanditAlgorithm {
  readonly name = AlgorithmName.ThompsonSampling;
  readonly v: number;
  readonly intercept: boolean;
  private readonly arms: RidgeArms;
  private count = 0;
  private readonly means: Float64Array;
  private readonly sds: Float64Array;
  private readonly samples: Float64Array;

  constructor(
    readonly k: number,
    readonly d: number,
    options: ThompsonSamplingOptions = {},
  ) {
    checkShape(k, d);
    this.v = param('v', options.v, 0.25, (v) => v >= 0, 'a finite number ≥ 0');
    if (options.intercept !== undefined && typeof options.intercept !== 'boolean') throw new RangeError(`intercept must be a boolean, got ${String(options.intercept)}`);
    this.intercept = options.intercept ?? true;
    this.arms = new RidgeArms(k, d, this.intercept);
    this.means = new Float64Array(k);
    this.sds = new Float64Array(k);
    this.samples = new Float64Array(k);
  }

  get updates(): number {
    return this.count;
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
    const propensity = normalWinShare(rng, means, sds, k, action, TS_PROPENSITY_DRAWS);
    return {
      action,
      predictedReward: means[action],
      exploration: sds[action],
      confidence: clamp01(propensity),
      propensity,
      details: { sampledScore: samples[action] },
    };
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    this.arms.load(x);
    this.arms.learn(a, r);
    this.count += 1;
  }

  /** θ̂_a, the posterior mean (with the intercept first when it is on). */
  coefficients(a: number): number[] {
    return this.arms.coefficients(a);
  }

  snapshot(): AlgorithmSnapshot {
    const state: ThompsonSamplingState = this.arms.toState();
    return { version: 1, algorithm: this.name, k: this.k, d: this.d, params: { v: this.v, intercept: this.intercept ? 1 : 0 }, updates: this.count, state };
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
