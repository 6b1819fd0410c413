/** Rounds a reported number to 6 decimals, so results are stable across platforms and readable. */
export const round6 = (x: number): number => (Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 || 0 : x);
