import type { SeriesKind } from '../../../src/infrastructure/analytics/performance/analytics.model';

/** What the analysis needs of one interaction; `at` null/absent when it carries no usable time. */
export interface InteractionSample {
  readonly quality: number | null;
  readonly durationMs: number;
  readonly outcome: string;
  readonly at?: number | null;
}

export interface SeriesPoint {
  readonly value: number;
  readonly at: number | null;
}

/**
 * The three series of an agent, oldest first: quality (interactions that have one), response time (all), and
 * the error rate: at each index from `errorWindow` on, the error share of the `errorWindow` interactions before it.
 */
export function agentSeries(
  items: readonly InteractionSample[],
  errorWindow: number,
): Record<SeriesKind, readonly SeriesPoint[]> {
  const quality: SeriesPoint[] = [];
  const responseTime: SeriesPoint[] = [];
  const errorRate: SeriesPoint[] = [];
  let errors = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const at = timeOf(item);
    if (item.quality !== null && Number.isFinite(item.quality)) quality.push({ value: item.quality, at });
    responseTime.push({ value: item.durationMs, at });
    if (i >= errorWindow) {
      errorRate.push({ value: errors / errorWindow, at });
      if (items[i - errorWindow].outcome === 'error') errors--;
    }
    if (item.outcome === 'error') errors++;
  }
  return { quality, response_time: responseTime, error_rate: errorRate };
}

function timeOf(item: InteractionSample): number | null {
  return typeof item.at === 'number' && Number.isFinite(item.at) ? item.at : null;
}

/**
 * The items within the lookback: lookback ≤ 0 keeps everything; an item without a usable time is kept (it cannot
 * be shown to be old); one older than `now − lookback` is dropped.
 */
export function withinLookback<T extends { readonly at?: number | null }>(
  items: readonly T[],
  now: number,
  lookbackHours: number,
): T[] {
  if (!(lookbackHours > 0)) return [...items];
  const cutoff = now - lookbackHours * 3_600_000;
  return items.filter((i) => typeof i.at !== 'number' || !Number.isFinite(i.at) || i.at >= cutoff);
}
