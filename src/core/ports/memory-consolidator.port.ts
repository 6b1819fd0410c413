/** What the feedback hub asks for when RAG quality has degraded. */
export interface ConsolidationRequest {
  /** Why it fired, e.g. `quality_degradation (avg=0.512)`. */
  readonly reason: string;
  /** Tracked chunks retrieved ≥ 5 times whose quality is below 0.3, worst first (at most 100). */
  readonly candidates: readonly string[];
}

export interface ConsolidationReport {
  /** Chunk ids removed. */
  readonly pruned: readonly string[];
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * Memory consolidation, run by the feedback hub when its RAG quality trigger fires. A memory module provides it
 * to prune or merge its store; without one, the hub's default drops the low-quality chunks from its own tracker.
 */
export interface MemoryConsolidator {
  consolidate(request: ConsolidationRequest): Promise<ConsolidationReport>;
}

export const MEMORY_CONSOLIDATOR = Symbol('MEMORY_CONSOLIDATOR');
