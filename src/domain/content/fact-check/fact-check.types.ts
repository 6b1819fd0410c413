/** How a claim checks out. */
export type Verdict = 'supported' | 'refuted' | 'mixed' | 'uncertain';

/** One piece of evidence about a claim. */
export interface Evidence {
  /** `knowledge_base`: the configured claims table; `memory`: earlier content of the tenant; `google_fact_check`: a published review. */
  readonly source: 'knowledge_base' | 'memory' | 'google_fact_check';
  readonly text: string;
  readonly url: string | null;
  /** Similarity of the evidence to the claim (0–1), or 1 for a review found for it. */
  readonly score: number;
  /** The evidence's own verdict, when it states one (knowledge base, reviews). */
  readonly verdict: Verdict | null;
  readonly publisher: string | null;
}

export interface FactCheckResult {
  readonly claim: string;
  readonly verdict: Verdict;
  /** 0–1; 0.5 for an uncertain verdict with nothing to go on. */
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** The backends consulted, in order. */
  readonly backendsUsed: readonly string[];
}

/** What a run checks: its claims, for a tenant's workspace, leaving out evidence from the content itself. */
export interface FactCheckRequest {
  readonly claims: readonly string[];
  readonly tenantId: string;
  readonly workspaceId: string;
  /** Evidence from this URL (the content being checked) is not used. */
  readonly excludeUrl?: string;
  readonly signal?: AbortSignal;
}
