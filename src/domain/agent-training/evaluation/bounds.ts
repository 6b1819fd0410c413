import { jStat } from 'jstat';

/** A mean with its two-sided 95 % confidence interval (Student's t). */
export interface Bound {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The mean of `values` and its 95 % interval, mean ± t(0.975, n − 1) · s / √n. Identical values give a zero-width
 * interval; a single value gives an unbounded one (nothing is known of its spread).
 */
export function bound95(values: readonly number[]): Bound {
  const n = values.length;
  if (n === 0) return { mean: 0, lower: -Infinity, upper: Infinity, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean: round4(mean), lower: -Infinity, upper: Infinity, n };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = variance === 0 ? 0 : jStat.studentt.inv(0.975, n - 1) * Math.sqrt(variance / n);
  return { mean: round4(mean), lower: round4(mean - half), upper: round4(mean + half), n };
}
