/** Ordinary least squares of values on their index 0..n−1. */
export interface IndexFit {
  readonly n: number;
  readonly slope: number;
  readonly intercept: number;
  /** Mean of the indexes, (n − 1) / 2. */
  readonly meanX: number;
  /** Σ(x − x̄)². */
  readonly sxx: number;
  /** Pearson r of value on index (0 when either is constant). */
  readonly r: number;
  /** Sample variance of the values (n − 1). */
  readonly valueVariance: number;
  /** Sample variance of the residuals (n − 1). */
  readonly residualVariance: number;
  /** Residual standard error, sqrt(SSE / (n − 2)) (0 for n ≤ 2). */
  readonly residualSe: number;
}

/** Fits `values` on 0..n−1 in one pass over the data plus one for the residuals; needs n ≥ 2. */
export function fitIndex(values: ArrayLike<number>): IndexFit {
  const n = values.length;
  const meanX = (n - 1) / 2;
  let sumY = 0;
  for (let i = 0; i < n; i++) sumY += values[i];
  const meanY = sumY / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - meanX;
    const dy = values[i] - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = meanY - slope * meanX;
  let sse = 0;
  let sumE = 0;
  for (let i = 0; i < n; i++) {
    const e = values[i] - (intercept + slope * i);
    sse += e * e;
    sumE += e;
  }
  // Rounding leaves residuals of a perfect line at ~1e-17; below this they are zero.
  if (sse <= 1e-24 * Math.max(1, syy)) sse = 0;
  const meanE = sumE / n;
  const residualVariance = n > 1 ? Math.max(0, (sse - n * meanE * meanE) / (n - 1)) : 0;
  return {
    n,
    slope,
    intercept,
    meanX,
    sxx,
    r: sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy),
    valueVariance: n > 1 ? syy / (n - 1) : 0,
    residualVariance,
    residualSe: n > 2 ? Math.sqrt(sse / (n - 2)) : 0,
  };
}
