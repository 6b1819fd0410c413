import { roundTo } from '../../content';
import { finite, score3 } from './score-math';

/** A two-sided interval around the mean of some scores. */
export interface ConfidenceInterval {
  readonly lower: number;
  readonly upper: number;
  /** The confidence level used (.95 unless a valid one was asked for). */
  readonly level: number;
  readonly mean: number;
  /** How many finite values went in. */
  readonly n: number;
}

// Rational approximation of the standard normal quantile (P. J. Acklam), relative error < 1.2e-9.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

const poly = (coefficients: readonly number[], x: number) => coefficients.reduce((acc, c) => acc * x + c, 0);

/** The standard normal quantile Φ⁻¹(p) for p in (0, 1); e.g. `normalQuantile(0.975)` ≈ 1.959964. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  if (p > 1 - P_LOW) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/**
 * Confidence interval of the quality dimensions (fixed: the original passed the dimension
 * record itself and always got [0, 1]). Over the n finite values: n < 2 → [0, 1]; else
 * `mean ± z·s/√n` with s the sample standard deviation (n − 1) and z = Φ⁻¹((1 + level)/2)
 * (1.96 at 95 %), each bound clamped to [0, 1]. A level outside (0, 1) becomes .95. Bounds and mean are round3,
 * like every score here.
 */
export function confidenceInterval(values: readonly number[], level = 0.95): ConfidenceInterval {
  const usedLevel = level > 0 && level < 1 ? level : 0.95;
  const xs = values.map(finite).filter((v): v is number => v !== undefined);
  const n = xs.length;
  const m = n === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { lower: 0, upper: 1, level: usedLevel, mean: roundTo(m, 3), n };
  const variance = xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / (n - 1);
  const half = (normalQuantile((1 + usedLevel) / 2) * Math.sqrt(variance)) / Math.sqrt(n);
  return { lower: score3(m - half), upper: score3(m + half), level: usedLevel, mean: roundTo(m, 3), n };
}
