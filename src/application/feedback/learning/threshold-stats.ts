import {
  countAt,
  jsonNumberAt,
  numberAt,
  objectAt,
  pairsAt,
  snapshotAt,
  toJsonNumber,
  type JsonNumber,
} from '../snapshot-fields';

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

/**
 * What {@link ThresholdStats} holds, as JSON: `[contentType, stat]` pairs, least recently updated first. The
 * savings totals add up caller-given numbers, so they can overflow: a non-finite total is written as its name.
 */
export interface ThresholdStatsSnapshot {
  readonly types: readonly (readonly [
    string,
    Omit<ThresholdStat, 'totalCostSavedUsd' | 'totalTimeSavedS'> & {
      readonly totalCostSavedUsd: JsonNumber;
      readonly totalTimeSavedS: JsonNumber;
    },
  ])[];
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

  /** The statistics of a {@link ThresholdStatsSnapshot} read back from JSON; beyond `maxTypes` the oldest are dropped. */
  static restore(snapshot: unknown, maxTypes?: number): ThresholdStats {
    const out = new ThresholdStats(maxTypes);
    for (const [type, stat] of pairsAt(snapshotAt(snapshot).types, 'types', readStat)) out.put(type, stat);
    return out;
  }

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
    this.put(contentType, next);
    return true;
  }

  get(contentType: string): ThresholdStat | undefined {
    return this.stats.get(contentType);
  }

  /** A copy of all statistics keyed by content type. */
  snapshot(): Record<string, ThresholdStat> {
    return Object.fromEntries(this.stats);
  }

  /** The durable form: unlike {@link snapshot} (a report keyed by type) it keeps the update order eviction follows. */
  orderedSnapshot(): ThresholdStatsSnapshot {
    return {
      types: Array.from(this.stats, ([type, s]) => [
        type,
        {
          ...s,
          totalCostSavedUsd: toJsonNumber(s.totalCostSavedUsd),
          totalTimeSavedS: toJsonNumber(s.totalTimeSavedS),
        },
      ]),
    };
  }

  private put(contentType: string, stat: ThresholdStat): void {
    this.stats.delete(contentType);
    if (this.stats.size >= this.maxTypes) {
      const oldest = this.stats.keys().next();
      if (!oldest.done) this.stats.delete(oldest.value);
    }
    this.stats.set(contentType, stat);
  }
}

function readStat(v: unknown, field: string): ThresholdStat {
  const s = objectAt(v, field);
  return {
    avgQuality: numberAt(s.avgQuality, `${field}.avgQuality`),
    bypassCount: countAt(s.bypassCount, `${field}.bypassCount`),
    processCount: countAt(s.processCount, `${field}.processCount`),
    totalCostSavedUsd: jsonNumberAt(s.totalCostSavedUsd, `${field}.totalCostSavedUsd`),
    totalTimeSavedS: jsonNumberAt(s.totalTimeSavedS, `${field}.totalTimeSavedS`),
  };
}
