/**
 * Per-action ridge regression (Bayesian linear regression with an identity prior), shared by {@link LinUcb} and
 * {@link ThompsonSampling}: A_a = I + Σ z·zᵀ and b_a = Σ r·z over the updates of action a, kept as A_a⁻¹
 * (Sherman–Morrison, never inverted per call) with θ_a = A_a⁻¹·b_a cached. With `intercept` the model sees
 * z = [1, x…] (dimension d + 1), else z = x.
 */
import { checkFeedback, isRecord, readRows, readSquare, squareToRows } from './algorithm-support';
import type { AlgorithmName, AlgorithmSnapshot } from './bandit-algorithm';
import { dot, identity, matVec, quadraticForm, shermanMorrisonUpdate } from './linear-algebra';

/** JSON state: A⁻¹ per action (k × n × n) and b per action (k × n), n = d (+ 1 with the intercept). */
export interface RidgeState {
  readonly Ainv: number[][][];
  readonly b: number[][];
}

export class RidgeArms {
  /** Model dimension: d, plus 1 with the intercept. */
  readonly n: number;
  private readonly ainv: Float64Array[];
  private readonly b: Float64Array[];
  private readonly theta: Float64Array[];
  /** The current z = [1, x…] or x. */
  private readonly z: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly k: number,
    readonly d: number,
    readonly intercept: boolean,
  ) {
    this.n = intercept ? d + 1 : d;
    this.ainv = Array.from({ length: k }, () => identity(this.n));
    this.b = Array.from({ length: k }, () => new Float64Array(this.n));
    this.theta = Array.from({ length: k }, () => new Float64Array(this.n));
    this.z = new Float64Array(this.n);
    this.scratch = new Float64Array(this.n);
  }

  /** Sets the model input z from a context; the other methods read it. */
  load(x: readonly number[]): void {
    const offset = this.intercept ? 1 : 0;
    if (this.intercept) this.z[0] = 1;
    for (let i = 0; i < this.d; i++) this.z[i + offset] = x[i];
  }

  /** θ_a·z, the posterior mean of action a's reward at the loaded z. */
  mean(a: number): number {
    return dot(this.theta[a], this.z, this.n);
  }

  /** zᵀ·A_a⁻¹·z ≥ 0, the posterior variance factor of action a at the loaded z. */
  spread(a: number): number {
    return Math.max(0, quadraticForm(this.ainv[a], this.n, this.z, this.scratch));
  }

  /** Learns reward r of action a at the loaded z. */
  learn(a: number, r: number): void {
    shermanMorrisonUpdate(this.ainv[a], this.n, this.z, this.scratch);
    const b = this.b[a];
    for (let i = 0; i < this.n; i++) b[i] += r * this.z[i];
    matVec(this.ainv[a], this.n, b, this.theta[a]);
  }

  /** θ_a (a copy). */
  coefficients(a: number): number[] {
    return Array.from(this.theta[a]);
  }

  toState(): RidgeState {
    return { Ainv: this.ainv.map((m) => squareToRows(m, this.n)), b: this.b.map((v) => Array.from(v)) };
  }

  /**
   * Loads JSON state; false, leaving this unchanged, when a shape is off or an A⁻¹ is not symmetric with a
   * positive diagonal (a cheap guard against state that cannot come from updates).
   */
  loadState(state: unknown): boolean {
    if (!isRecord(state) || !Array.isArray(state.Ainv) || state.Ainv.length !== this.k) return false;
    const b = readRows(state.b, this.k, this.n);
    const ainv: Float64Array[] = [];
    for (const m of state.Ainv) {
      const square = readSquare(m, this.n);
      if (!square || !plausibleInverse(square, this.n)) return false;
      ainv.push(square);
    }
    if (!b) return false;
    for (let a = 0; a < this.k; a++) {
      this.ainv[a].set(ainv[a]);
      this.b[a].set(b[a]);
      matVec(this.ainv[a], this.n, this.b[a], this.theta[a]);
    }
    return true;
  }
}

function plausibleInverse(m: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    if (!(m[i * n + i] > 0)) return false;
    for (let j = i + 1; j < n; j++) if (m[i * n + j] !== m[j * n + i]) return false;
  }
  return true;
}

/**
 * What LinUCB and linear Thompson sampling share: ridge arms, the update, the coefficients, the snapshot and its
 * loading. Subclasses choose how to select and which parameters they snapshot.
 */
export abstract class RidgeLearner {
  abstract readonly name: AlgorithmName;
  protected readonly arms: RidgeArms;
  protected count = 0;

  constructor(
    readonly k: number,
    readonly d: number,
    readonly intercept: boolean,
  ) {
    this.arms = new RidgeArms(k, d, intercept);
  }

  get updates(): number {
    return this.count;
  }

  update(x: readonly number[], a: number, r: number, _propensity?: number): void {
    checkFeedback(x, this.d, a, r, this.k);
    this.arms.load(x);
    this.arms.learn(a, r);
    this.count += 1;
  }

  /** θ̂_a (with the intercept first when it is on). */
  coefficients(a: number): number[] {
    return this.arms.coefficients(a);
  }

  /** The learner's own parameters, stored with its snapshot. */
  protected abstract params(): Record<string, number>;

  snapshot(): AlgorithmSnapshot {
    return {
      version: 1,
      algorithm: this.name,
      k: this.k,
      d: this.d,
      params: { ...this.params(), intercept: this.intercept ? 1 : 0 },
      updates: this.count,
      state: this.arms.toState(),
    };
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
