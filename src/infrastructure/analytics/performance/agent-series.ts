/** What the analysis needs of one interaction; `at` null/absent when it carries no usable time. */
export interface InteractionSample {
  readonly quality: number | null;
  readonly durationMs: number;
  readonly outcome: string;
  readonly at?: number | null;
}

/** One series as columns, oldest first: its values and their times (epoch ms; NaN where the item had none). */
export interface Series {
  readonly values: Float64Array;
  readonly at: Float64Array;
}

/** The three series of an agent, and its error count. */
export interface AgentSeries {
  readonly quality: Series;
  readonly response_time: Series;
  readonly error_rate: Series;
  readonly errors: number;
}

/**
 * The three series of an agent, oldest first, in one pass: quality (interactions that have a finite one),
 * response time (all), and the error rate: at each index from `errorWindow` on, the error share of the
 * `errorWindow` interactions before it.
 */
export function agentSeries(items: readonly InteractionSample[], errorWindow: number): AgentSeries {
  const n = items.length;
  const quality = new Float64Array(n);
  const qualityAt = new Float64Array(n);
  const time = new Float64Array(n);
  const at = new Float64Array(n);
  const errorRate = new Float64Array(Math.max(0, n - errorWindow));
  const isError = new Uint8Array(n);
  let scored = 0;
  let errors = 0;
  let windowErrors = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i];
    const t = typeof item.at === 'number' && Number.isFinite(item.at) ? item.at : NaN;
    const q = item.quality;
    if (q !== null && Number.isFinite(q)) {
      quality[scored] = q;
      qualityAt[scored++] = t;
    }
    time[i] = item.durationMs;
    at[i] = t;
    if (i >= errorWindow) {
      errorRate[i - errorWindow] = windowErrors / errorWindow;
      windowErrors -= isError[i - errorWindow];
    }
    if (item.outcome === 'error') {
      isError[i] = 1;
      windowErrors++;
      errors++;
    }
  }
  return {
    quality: { values: quality.subarray(0, scored), at: qualityAt.subarray(0, scored) },
    response_time: { values: time, at },
    error_rate: { values: errorRate, at: at.subarray(errorWindow) },
    errors,
  };
}

/**
 * The items within the lookback: lookback ≤ 0 keeps everything; an item without a usable time is kept (it cannot
 * be shown to be old); one older than `now − lookback` is dropped. When none is dropped the input itself is
 * returned (no copy).
 */
export function withinLookback<T extends { readonly at?: number | null }>(
  items: readonly T[],
  now: number,
  lookbackHours: number,
): readonly T[] {
  if (!(lookbackHours > 0)) return items;
  const cutoff = now - lookbackHours * 3_600_000;
  const kept = (i: T) => typeof i.at !== 'number' || !Number.isFinite(i.at) || i.at >= cutoff;
  return items.every(kept) ? items : items.filter(kept);
}
