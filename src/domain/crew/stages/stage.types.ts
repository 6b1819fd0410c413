import type { StepResult } from '../../../core/result/step-result';
import type { Clock } from '../../../core/runtime/clock';
import type { VectorMemory } from '../../../core/ports/vector-memory.port';
import type {
  ContentAnalysisPort,
  ContentPipelinePort,
  ContinualMemoryPort,
  Depth,
  GraphMemoryPort,
} from '../../content';
import type { LlmPort } from '../ports/llm.port';
import type { PerformanceAnalyticsPort } from '../ports/performance-analytics.port';
import type { SocialMonitorPort } from '../ports/social-monitor.port';

/** The stage library (S1–S13), by number; the names are the stages' keys in results and logs. */
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
  /**
   * Results an earlier attempt of the same run already settled (a run resumed from a checkpoint): these stages are
   * not run again, and the stages that read them get these results. Pass only results worth keeping (a failed
   * stage left out is run again).
   */
  readonly settled?: Readonly<Partial<Record<StageId, StageResult>>>;
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
  /** Sentences in S4's perspective summary; unset: sized to the text. */
  readonly summarySentences?: number;
}
