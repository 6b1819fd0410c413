/** What the feedback hub asks for when one tenant's RAG quality has degraded. */
export interface ConsolidationRequest {
  /** The tenant whose memory is consolidated: the candidates are its chunks, and nothing else may be touched. */
  readonly tenantId: string;
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
 * Memory consolidation, run by the feedback hub when a tenant's RAG quality trigger fires (once per tenant). A
 * memory module provides it to prune or merge that tenant's store; without one, the hub's default drops the
 * low-quality chunks from the tenant's own tracker.
 */
export interface MemoryConsolidator {
  consolidate(request: ConsolidationRequest): Promise<ConsolidationReport>;
}

export const MEMORY_CONSOLIDATOR = Symbol('MEMORY_CONSOLIDATOR');
