export type TrendDirection = 'increasing' | 'decreasing' | 'stable';

/** Least-squares slope of `ys` over 0, 1, 2, … (0 with fewer than two points). */
export function slope(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

/**
 * The direction of a series: the fitted change across the whole series relative to its mean; within ±`tolerance`
 * (default 10 %) it is stable. A series of zeros is stable.
 */
export function direction(ys: readonly number[], tolerance = 0.1): TrendDirection {
  const mean = ys.reduce((a, b) => a + b, 0) / (ys.length || 1);
  if (ys.length < 2 || mean === 0)
    return ys.some((y) => y !== 0) && ys[ys.length - 1] > ys[0] ? 'increasing' : 'stable';
  const relative = (slope(ys) * (ys.length - 1)) / Math.abs(mean);
  if (relative > tolerance) return 'increasing';
  if (relative < -tolerance) return 'decreasing';
  return 'stable';
}
