import { countAt, numberAt, numbersAt, objectAt, pairsAt, snapshotAt } from '../snapshot-fields';

/** What the tracker knows about one retrieved chunk. */
export interface ChunkStat {
  /** EMA (0.8·old + 0.2·x) of relevance; the first value is the first observation. */
  readonly relevance: number;
  /** EMA (0.9·old + 0.1·x) of the rank at which the chunk was returned (0 = top). */
  readonly position: number;
  readonly retrievalCount: number;
  /** Epoch ms of the first retrieval. */
  readonly firstSeenAt: number;
}

/** One retrieval of a chunk. */
export interface RetrievalObservation {
  readonly relevance: number;
  readonly position: number;
  /** Epoch ms. */
  readonly now: number;
}

/** Whether memory consolidation should run, and why. */
export interface ConsolidationDecision {
  readonly trigger: boolean;
  readonly reason: string;
}

export interface PruningCandidate {
  readonly chunkId: string;
  readonly quality: number;
  readonly retrievalCount: number;
}

/** What {@link RagQualityTracker} holds, as JSON: `[chunkId, stat]` pairs first seen first, and the query trend. */
export interface RagQualitySnapshot {
  readonly chunks: readonly (readonly [string, ChunkStat])[];
  /** Query qualities, oldest first. */
  readonly trend: readonly number[];
}

const DAY_MS = 86_400_000;
const TREND_CAPACITY = 1000;
const TREND_WINDOW = 20;
const DEGRADED_MEAN = 0.6;
const LOW_QUALITY = 0.3;
const MAX_LOW_QUALITY_CHUNKS = 100;
const PRUNE_MIN_RETRIEVALS = 5;

/** Quality of a chunk in [0, 1]: relevance, use, freshness and rank, weighted 0.4/0.2/0.2/0.2. */
export function chunkQuality(stat: ChunkStat, now: number): number {
  const ageDays = Math.max(0, now - stat.firstSeenAt) / DAY_MS;
  const usage = Math.min(1, Math.log(1 + stat.retrievalCount) / 5);
  const freshness = Math.exp(-ageDays / 30);
  const rank = 1 - Math.min(stat.position, 10) / 20;
  return 0.4 * stat.relevance + 0.2 * usage + 0.2 * freshness + 0.2 * rank;
}

/**
 * Tracks the quality of retrieved RAG chunks and of whole queries, and decides when memory consolidation is due.
 * Holds at most `maxChunks` chunks (default 100 000); a new chunk beyond that evicts the one seen first.
 */
export class RagQualityTracker {
  // Entries are never re-inserted, so Map order is first-seen order and the first key is the oldest chunk.
  private readonly chunks = new Map<string, ChunkStat>();
  private readonly trend: number[] = [];

  constructor(private readonly maxChunks = 100_000) {}

  /**
   * The tracker a {@link RagQualitySnapshot} read back from JSON describes; beyond `maxChunks` the chunks seen first
   * are dropped, beyond 1 000 the oldest query qualities.
   */
  static restore(snapshot: unknown, maxChunks?: number): RagQualityTracker {
    const s = snapshotAt(snapshot);
    const out = new RagQualityTracker(maxChunks);
    for (const [id, stat] of pairsAt(s.chunks, 'chunks', readChunk)) out.add(id, stat);
    for (const q of numbersAt(s.trend, 'trend')) out.recordQueryQuality(q);
    return out;
  }

  get size(): number {
    return this.chunks.size;
  }

  /** Folds one retrieval into the chunk's statistics. Returns false, recording nothing, when a number is not finite. */
  recordRetrieval(chunkId: string, obs: RetrievalObservation): boolean {
    if (![obs.relevance, obs.position, obs.now].every(Number.isFinite)) return false;
    const old = this.chunks.get(chunkId);
    if (old === undefined) {
      this.add(chunkId, { relevance: obs.relevance, position: obs.position, retrievalCount: 1, firstSeenAt: obs.now });
      return true;
    }
    this.chunks.set(chunkId, {
      relevance: 0.8 * old.relevance + 0.2 * obs.relevance,
      position: 0.9 * old.position + 0.1 * obs.position,
      retrievalCount: old.retrievalCount + 1,
      firstSeenAt: old.firstSeenAt,
    });
    return true;
  }

  get(chunkId: string): ChunkStat | undefined {
    return this.chunks.get(chunkId);
  }

  /** The chunk's quality at `now` (see {@link chunkQuality}); undefined for an unknown chunk. */
  quality(chunkId: string, now: number): number | undefined {
    const stat = this.chunks.get(chunkId);
    return stat === undefined ? undefined : chunkQuality(stat, now);
  }

  /** Appends the relevance of one whole query to the trend (the last 1 000 are kept). Non-finite values are ignored. */
  recordQueryQuality(relevance: number): void {
    if (!Number.isFinite(relevance)) return;
    this.trend.push(relevance);
    if (this.trend.length > TREND_CAPACITY) this.trend.shift();
  }

  /**
   * Consolidation is due when the last 20 query qualities average below 0.6, or when more than 100 chunks score
   * below 0.3. At least 20 query qualities are needed before either is considered.
   */
  shouldTriggerConsolidation(now: number): ConsolidationDecision {
    if (this.trend.length < TREND_WINDOW) return { trigger: false, reason: 'insufficient_samples' };
    const recent = this.trend.slice(-TREND_WINDOW);
    const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
    if (mean < DEGRADED_MEAN) return { trigger: true, reason: `quality_degradation (avg=${mean.toFixed(3)})` };
    const lowQuality = this.countLowQuality(now);
    if (lowQuality > MAX_LOW_QUALITY_CHUNKS) return { trigger: true, reason: `low_quality_chunks (${lowQuality})` };
    return { trigger: false, reason: 'quality_acceptable' };
  }

  /** Chunks retrieved at least 5 times whose quality is below 0.3, worst first (ties by id), at most `limit`. */
  pruningCandidates(now: number, limit = 100): PruningCandidate[] {
    const out: PruningCandidate[] = [];
    for (const [chunkId, stat] of this.chunks) {
      if (stat.retrievalCount < PRUNE_MIN_RETRIEVALS) continue;
      const quality = chunkQuality(stat, now);
      if (quality < LOW_QUALITY) out.push({ chunkId, quality, retrievalCount: stat.retrievalCount });
    }
    out.sort((a, b) => a.quality - b.quality || (a.chunkId < b.chunkId ? -1 : a.chunkId > b.chunkId ? 1 : 0));
    return out.slice(0, Math.max(0, limit));
  }

  /** Forgets the given chunks; returns how many were known. */
  remove(chunkIds: readonly string[]): number {
    return chunkIds.filter((id) => this.chunks.delete(id)).length;
  }

  snapshot(): RagQualitySnapshot {
    return { chunks: [...this.chunks], trend: [...this.trend] };
  }

  private add(chunkId: string, stat: ChunkStat): void {
    if (this.chunks.size >= this.maxChunks) this.evictOldest();
    this.chunks.set(chunkId, stat);
  }

  private countLowQuality(now: number): number {
    let n = 0;
    for (const stat of this.chunks.values()) if (chunkQuality(stat, now) < LOW_QUALITY) n++;
    return n;
  }

  private evictOldest(): void {
    const oldest = this.chunks.keys().next();
    if (!oldest.done) this.chunks.delete(oldest.value);
  }
}

function readChunk(v: unknown, field: string): ChunkStat {
  const s = objectAt(v, field);
  return {
    relevance: numberAt(s.relevance, `${field}.relevance`),
    position: numberAt(s.position, `${field}.position`),
    retrievalCount: countAt(s.retrievalCount, `${field}.retrievalCount`),
    firstSeenAt: numberAt(s.firstSeenAt, `${field}.firstSeenAt`),
  };
}
