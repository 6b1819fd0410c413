/** Outcome statistics for one content type under the threshold-tuning sink. */
export interface ThresholdStat {
  /** EMA (0.8·old + 0.2·x) of quality; the first value is the first observation. */
  readonly avgQuality: number;
  readonly bypassCount: number;
  readonly processCount: number;
  readonly totalCostSavedUsd: number;
  readonly totalTimeSavedS: number;
}

/** One decision about a piece of content: skipped (bypassed) or fully processed, and what it yielded. */
export interface ThresholdObservation {
  readonly bypassed: boolean;
  readonly quality: number;
  readonly costSavedUsd?: number;
  readonly timeSavedS?: number;
}

const ALPHA = 0.2;

function finiteOr(x: number | undefined, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : fallback;
}

/**
 * Per-content-type statistics for threshold tuning. Holds at most `maxTypes` content types (default 1 000); a new
 * type beyond that evicts the least recently updated one.
 */
export class ThresholdStats {
  private readonly stats = new Map<string, ThresholdStat>();

  constructor(private readonly maxTypes = 1_000) {}

  /**
   * Folds one decision into the content type's statistics. Returns false, recording nothing, when the quality is not
   * finite; missing or non-finite savings count as 0.
   */
  record(contentType: string, o: ThresholdObservation): boolean {
    if (!Number.isFinite(o.quality)) return false;
    const old = this.stats.get(contentType);
    const next: ThresholdStat = {
      avgQuality: old === undefined ? o.quality : (1 - ALPHA) * old.avgQuality + ALPHA * o.quality,
      bypassCount: (old?.bypassCount ?? 0) + (o.bypassed ? 1 : 0),
      processCount: (old?.processCount ?? 0) + (o.bypassed ? 0 : 1),
      totalCostSavedUsd: (old?.totalCostSavedUsd ?? 0) + finiteOr(o.costSavedUsd, 0),
      totalTimeSavedS: (old?.totalTimeSavedS ?? 0) + finiteOr(o.timeSavedS, 0),
    };
    this.stats.delete(contentType);
    if (this.stats.size >= this.maxTypes) {
      const oldest = this.stats.keys().next();
      if (!oldest.done) this.stats.delete(oldest.value);
    }
    this.stats.set(contentType, next);
    return true;
  }

  get(contentType: string): ThresholdStat | undefined {
    return this.stats.get(contentType);
  }

  /** A copy of all statistics keyed by content type. */
  snapshot(): Record<string, ThresholdStat> {
    return Object.fromEntries(this.stats);
  }
}
