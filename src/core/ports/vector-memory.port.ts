/** Where a memory record lives: always a tenant and workspace, then a namespace (e.g. `content`). */
export interface MemoryScope {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly namespace: string;
}

export interface MemoryRecord {
  /** Unique within the scope; upserting an existing id replaces the record. */
  readonly id: string;
  readonly text: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface MemoryMatch {
  readonly id: string;
  readonly text: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Cosine similarity of the embeddings, in [−1, 1] (3 decimals). */
  readonly score: number;
}

export interface SearchOptions {
  /** Default 5, at most 100. */
  readonly limit?: number;
  /** Matches below this similarity are left out (default 0). */
  readonly minScore?: number;
}

/**
 * Semantic memory of earlier content, namespaced by tenant and workspace: records are embedded on upsert and
 * found by cosine similarity. A search never sees another tenant's or workspace's records.
 */
export interface VectorMemory {
  /** How searches run: `pgvector` (the extension's distance operator) or `exact` (cosine computed here). */
  readonly mode: 'pgvector' | 'exact';
  upsert(scope: MemoryScope, records: readonly MemoryRecord[]): Promise<number>;
  search(scope: MemoryScope, query: string, options?: SearchOptions): Promise<MemoryMatch[]>;
  /** Removes every record of the scope; returns how many. */
  clear(scope: MemoryScope): Promise<number>;
}

export const VECTOR_MEMORY = Symbol('VECTOR_MEMORY');
