import type { StepResult } from '../../../core/result/step-result';
import type { Clock } from '../../../core/runtime/clock';
import type { VectorMemory } from '../../../core/ports/vector-memory.port';
import type { ContentAnalysisPort, ContentPipelinePort, Depth } from '../../content/content.ports';
import type { LlmPort } from '../ports/llm.port';

/** The stage library (spec §2.10), by number; the names are the stages' keys in results and logs. */
export const STAGE_NAMES = {
  S1: 'acquisition',
  S2: 'transcription',
  S3: 'content_analysis',
  S4: 'fact_analysis',
  S5: 'cross_platform_intel',
  S6: 'deception_scoring',
  S7: 'knowledge_integration',
  S8: 'performance_analytics',
  S9: 'behavioural_profile',
  S10: 'research_synthesis',
  S11: 'quality_assessment',
  S12: 'intelligence_briefing',
  S13: 'delivery',
} as const;
export type StageId = keyof typeof STAGE_NAMES;
export const STAGE_IDS = Object.keys(STAGE_NAMES) as StageId[];

/** A stage's outcome: `ok` with its data, `skipped` with a reason, or `error` (the run goes on unless S1 failed). */
export type StageResult = StepResult<Record<string, unknown>>;

/** Who and what a run is about; every memory write carries the tenant and workspace. */
export interface StageRun {
  readonly workflowId: string;
  readonly url: string;
  readonly depth: Depth;
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly signal?: AbortSignal;
  /** `roots` (the API) or `any` (the CLI), passed to the pipeline. */
  readonly localFiles?: 'roots' | 'any';
}

/** A triple in the graph memory, tenant-scoped like every memory. */
export interface GraphTriple {
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
}

/** Graph memory (spec §4): a tenant-namespaced triple store; `index` groups a kind of record, tags label them. */
export interface GraphMemoryPort {
  /** Stores a record's triples with tags; returns the record id. */
  store(
    scope: { tenantId: string; workspaceId: string; index: string },
    record: { id: string; triples: readonly GraphTriple[]; tags: readonly string[] },
  ): Promise<string>;
  /** Triples whose subject or object equals `node`, within the scope. */
  neighbours(
    scope: { tenantId: string; workspaceId: string; index: string },
    node: string,
    limit?: number,
  ): Promise<GraphTriple[]>;
}
export const GRAPH_MEMORY = Symbol('GRAPH_MEMORY');

/** Continual memory (spec §4): a tenant-namespaced append log that consolidation folds into per-key summaries. */
export interface ContinualMemoryPort {
  append(
    scope: { tenantId: string; workspaceId: string; index: string },
    entry: { id: string; text: string; tags: readonly string[]; at: number },
  ): Promise<void>;
  /** Folds the scope's log into one summary per tag; returns how many entries were folded. */
  consolidate(scope: { tenantId: string; workspaceId: string; index: string }): Promise<number>;
  /** The newest entries first. */
  recent(
    scope: { tenantId: string; workspaceId: string; index: string },
    limit: number,
  ): Promise<{ id: string; text: string; tags: string[]; at: number }[]>;
}
export const CONTINUAL_MEMORY = Symbol('CONTINUAL_MEMORY');

/** Social monitoring (spec §4): absent by default, so S5 is skipped with `social_connectors_not_configured`. */
export interface SocialMonitorPort {
  monitor(
    terms: readonly string[],
    options: { tenantId: string; signal?: AbortSignal },
  ): Promise<Record<string, unknown>>;
}
export const SOCIAL_MONITOR = Symbol('SOCIAL_MONITOR');

/** Performance analytics over recent runs (S8). */
export interface PerformanceAnalyticsPort {
  dashboard(hours: number): Promise<Record<string, unknown>>;
}

/** What stages run on: the content ports, the memories, optional monitors, the clock and whether an LLM is there. */
export interface StageDeps {
  readonly pipeline: ContentPipelinePort;
  readonly analysis: ContentAnalysisPort;
  readonly vector: VectorMemory;
  readonly graph: GraphMemoryPort;
  readonly continual: ContinualMemoryPort;
  /** Undefined: S5 is skipped (`social_connectors_not_configured`). */
  readonly social?: SocialMonitorPort;
  readonly analytics: PerformanceAnalyticsPort;
  readonly llm: LlmPort;
  readonly clock: Clock;
  /** Claims kept per run (S4 keeps the 5 longest). */
  readonly summarySentences: number;
}
