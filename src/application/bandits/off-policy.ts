/**
 * Off-policy evaluation: what a target policy would have earned, estimated from decisions another (logging) policy
 * made, using the propensity the logger had for each logged action. Three estimators with 95 % normal intervals:
 * inverse propensity scoring (IPS), its self-normalised form (SNIPS) and doubly robust (DR). Pure and synchronous.
 */

/** One answered decision of the logging policy. */
export interface LoggedBanditEvent {
  readonly x: readonly number[];
  /** Index of the action taken, in [0, k). */
  readonly action: number;
  /** Observed reward in [0, 1]. */
  readonly reward: number;
  /** Probability in (0, 1] with which the logging policy took `action` in `x`. */
  readonly propensity: number;
}

/** The target policy: the probability of each of the k actions in a context (one-hot when deterministic). */
export type TargetPolicy = (x: readonly number[]) => readonly number[];

/** An estimate q̂(x, a) of the expected reward of action `a` in context `x`. */
export type RewardModel = (x: readonly number[], action: number) => number;

export interface Estimate {
  readonly value: number;
  /** Standard error; `Infinity` when it cannot be estimated (fewer than two events, or no usable weight). */
  readonly stderr: number;
  /** value ± 1.96·stderr. */
  readonly ci95: readonly [number, number];
}

export interface OffPolicyResult {
  readonly n: number;
  /** mean(w·r) with w = π(a|x) / propensity: unbiased, high variance. */
  readonly ips: Estimate;
  /** Σ w·r / Σ w: slightly biased, usually lower variance; stderr by the delta method. */
  readonly snips: Estimate;
  /** mean(Σₐ π(a|x)·q̂(x,a) + w·(r − q̂(x,action))): unbiased if either the propensities or q̂ are right. */
  readonly dr: Estimate;
  /** Kish's (Σ w)² / Σ w²: how many logged events the estimate is effectively worth. */
  readonly effectiveSampleSize: number;
  readonly maxWeight: number;
}

/** Ridge penalty of the built-in per-action reward model. */
export const RIDGE_LAMBDA = 1;
const Z_95 = 1.96;
/** How far a target's probabilities may sum from 1 (rounding in sampled probabilities). */
const SUM_TOLERANCE = 1e-6;
/** The built-in reward model's prediction when its training fold is empty: the middle of the reward range. */
const EMPTY_FOLD_REWARD = 0.5;

/**
 * Evaluates `targetProbabilities` on logged `events`. Without a `rewardModel`, DR uses a per-action ridge
 * regression (λ = {@link RIDGE_LAMBDA}, with intercept, predictions clamped to [0, 1]) cross-fitted over two
 * folds (even and odd positions): each event's q̂ comes from the model fitted on the other fold, so q̂ never saw
 * the reward it corrects.
 *
 * @throws RangeError on invalid input, naming the event and field (no events, propensity outside (0, 1], reward
 *   outside [0, 1], an action outside the policy's range, vectors of differing lengths, probabilities not summing to 1).
 */
export function evaluatePolicy(
  events: readonly LoggedBanditEvent[],
  targetProbabilities: TargetPolicy,
  rewardModel?: RewardModel,
): OffPolicyResult {
  const n = events.length;
  if (n === 0) throw new RangeError('cannot evaluate a policy on zero events');
  const pi = events.map((e) => targetProbabilities(e.x));
  const k = pi[0].length;
  const d = events[0].x.length;
  if (k === 0) throw new RangeError('targetProbabilities returned no actions');
  events.forEach((e, i) => checkEvent(e, pi[i], i, k, d));

  const w = events.map((e, i) => pi[i][e.action] / e.propensity);
  const q = rewardModel ? externalPredictions(events, k, rewardModel) : crossFittedRidge(events, k, d);

  const ips = meanEstimate(events.map((e, i) => w[i] * e.reward));
  const dr = meanEstimate(
    events.map((e, i) => {
      const direct = pi[i].reduce((sum, p, a) => sum + p * q[i][a], 0);
      return direct + w[i] * (e.reward - q[i][e.action]);
    }),
  );
  const sumW = w.reduce((s, v) => s + v, 0);
  const sumW2 = w.reduce((s, v) => s + v * v, 0);
  return {
    n,
    ips,
    snips: snipsEstimate(events, w, sumW),
    dr,
    effectiveSampleSize: sumW2 > 0 ? (sumW * sumW) / sumW2 : 0,
    maxWeight: w.reduce((mx, v) => Math.max(mx, v), 0),
  };
}

function checkEvent(e: LoggedBanditEvent, p: readonly number[], i: number, k: number, d: number): void {
  const at = `events[${i}]`;
  if (!Array.isArray(e.x) || e.x.length !== d)
    throw new RangeError(
      `${at}.x must have ${d} values like events[0].x, got ${Array.isArray(e.x) ? e.x.length : typeof e.x}`,
    );
  if (!e.x.every(Number.isFinite)) throw new RangeError(`${at}.x must hold finite numbers`);
  if (!Number.isInteger(e.action) || e.action < 0 || e.action >= k)
    throw new RangeError(`${at}.action must be an integer in [0, ${k}), got ${e.action}`);
  if (!(Number.isFinite(e.reward) && e.reward >= 0 && e.reward <= 1))
    throw new RangeError(`${at}.reward must be in [0, 1], got ${e.reward}`);
  if (!(Number.isFinite(e.propensity) && e.propensity > 0 && e.propensity <= 1))
    throw new RangeError(`${at}.propensity must be in (0, 1], got ${e.propensity}`);
  if (p.length !== k)
    throw new RangeError(
      `targetProbabilities(${at}.x) must give ${k} probabilities like the first event, got ${p.length}`,
    );
  if (!p.every((v) => Number.isFinite(v) && v >= 0 && v <= 1))
    throw new RangeError(`targetProbabilities(${at}.x) must give probabilities in [0, 1]`);
  const total = p.reduce((s, v) => s + v, 0);
  if (Math.abs(total - 1) > SUM_TOLERANCE)
    throw new RangeError(`targetProbabilities(${at}.x) must sum to 1, got ${total}`);
}

function estimate(value: number, stderr: number): Estimate {
  return { value, stderr, ci95: [value - Z_95 * stderr, value + Z_95 * stderr] };
}

/** The sample mean with stderr = sample standard deviation / √n. */
function meanEstimate(values: readonly number[]): Estimate {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return estimate(mean, Infinity);
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return estimate(mean, Math.sqrt(variance / n));
}

/**
 * Σ w·r / Σ w. Delta method: the ratio's linearisation is w·(r − V) / mean(w), so its variance estimate is
 * Σ w²(r − V)² / (Σ w)². With Σ w = 0 (the target never takes a logged action) nothing is known: value 0, stderr ∞.
 */
function snipsEstimate(events: readonly LoggedBanditEvent[], w: readonly number[], sumW: number): Estimate {
  if (sumW === 0) return estimate(0, Infinity);
  const value = events.reduce((s, e, i) => s + w[i] * e.reward, 0) / sumW;
  if (events.length < 2) return estimate(value, Infinity);
  const spread = events.reduce((s, e, i) => s + (w[i] * (e.reward - value)) ** 2, 0);
  return estimate(value, Math.sqrt(spread) / sumW);
}

function externalPredictions(events: readonly LoggedBanditEvent[], k: number, model: RewardModel): number[][] {
  return events.map((e, i) =>
    Array.from({ length: k }, (_, a) => {
      const v = model(e.x, a);
      if (!Number.isFinite(v))
        throw new RangeError(`rewardModel(events[${i}].x, ${a}) must be a finite number, got ${v}`);
      return v;
    }),
  );
}

/** q̂[i][a] for every event: fold f = i mod 2 is predicted by the models fitted on the other fold. */
function crossFittedRidge(events: readonly LoggedBanditEvent[], k: number, d: number): number[][] {
  const folds = [0, 1].map((f) => events.filter((_, i) => i % 2 === f));
  const models = folds.map((train) => fitRidge(train, k, d));
  return events.map((e, i) => {
    const model = models[1 - (i % 2)];
    return Array.from({ length: k }, (_, a) => model(e.x, a));
  });
}

/**
 * One ridge regression per action on z = [1, ...x], fitted to rewards centred on the fold's mean reward, so an
 * action with little data is shrunk towards that mean rather than towards 0.
 */
function fitRidge(train: readonly LoggedBanditEvent[], k: number, d: number): RewardModel {
  if (train.length === 0) return () => EMPTY_FOLD_REWARD;
  const mean = train.reduce((s, e) => s + e.reward, 0) / train.length;
  const m = d + 1;
  const thetas = Array.from({ length: k }, (_, a) => {
    const gram = Array.from({ length: m }, (_, r) => Array.from({ length: m }, (_, c) => (r === c ? RIDGE_LAMBDA : 0)));
    const rhs = new Array<number>(m).fill(0);
    for (const e of train) {
      if (e.action !== a) continue;
      const z = [1, ...e.x];
      for (let r = 0; r < m; r++) {
        rhs[r] += z[r] * (e.reward - mean);
        for (let c = 0; c <= r; c++) gram[r][c] += z[r] * z[c];
      }
    }
    return solveSymmetricPositive(gram, rhs);
  });
  return (x, a) => {
    const theta = thetas[a];
    const fitted = mean + theta[0] + x.reduce((s, v, j) => s + v * theta[j + 1], 0);
    return Math.min(1, Math.max(0, fitted));
  };
}

/** Solves A·θ = b by Cholesky (A = L·Lᵀ), reading only the lower triangle of A, which must be positive definite. */
function solveSymmetricPositive(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const m = b.length;
  const l = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let j = 0; j < m; j++) {
    let diag = a[j][j];
    for (let t = 0; t < j; t++) diag -= l[j][t] * l[j][t];
    l[j][j] = Math.sqrt(diag);
    for (let i = j + 1; i < m; i++) {
      let s = a[i][j];
      for (let t = 0; t < j; t++) s -= l[i][t] * l[j][t];
      l[i][j] = s / l[j][j];
    }
  }
  const y = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let t = 0; t < i; t++) s -= l[i][t] * y[t];
    y[i] = s / l[i][i];
  }
  const theta = new Array<number>(m).fill(0);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let t = i + 1; t < m; t++) s -= l[t][i] * theta[t];
    theta[i] = s / l[i][i];
  }
  return theta;
}
