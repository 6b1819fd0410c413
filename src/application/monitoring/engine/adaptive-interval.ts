/** What the adapted interval is computed from. */
export interface IntervalBounds {
  readonly intervalSeconds: number;
  readonly minIntervalSeconds: number;
  readonly maxIntervalSeconds: number;
}

/** Dated items needed before the interval adapts (two gaps). */
export const MIN_DATED_ITEMS = 3;

/**
 * The check interval for a source posting at the observed rate: the median gap between the publication dates of
 * its recent items, divided by 4 (about four checks per usual gap, so a new item waits a quarter of a gap on
 * average), in whole seconds, clamped to `[minIntervalSeconds, maxIntervalSeconds]`. With fewer than
 * {@link MIN_DATED_ITEMS} dated items the configured interval stays. Items without a date are ignored.
 *
 * @example adaptedIntervalSeconds([0, 3_600_000, 7_200_000, 14_400_000], bounds) // gaps 1 h, 1 h, 2 h → 900 s
 */
export function adaptedIntervalSeconds(publishedAt: readonly (number | null)[], bounds: IntervalBounds): number {
  const dated = [...new Set(publishedAt.filter((t): t is number => t !== null))].sort((a, b) => a - b);
  if (dated.length < MIN_DATED_ITEMS) return bounds.intervalSeconds;
  const gaps = dated
    .slice(1)
    .map((t, i) => t - dated[i])
    .sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const median = gaps.length % 2 === 1 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  const seconds = Math.floor(median / 4 / 1000);
  return Math.min(bounds.maxIntervalSeconds, Math.max(bounds.minIntervalSeconds, seconds));
}
