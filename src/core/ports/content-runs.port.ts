import type { OrchestrationContext } from '../context/orchestration-context';
import type { StepResult } from '../result/step-result';

/** Analysis modes a content run may use (the main job's modes). */
export const CONTENT_RUN_MODES = ['fallback', 'autonomous', 'enhanced'] as const;
export type ContentRunMode = (typeof CONTENT_RUN_MODES)[number];

/** Analysis depths a content run may use. */
export const CONTENT_RUN_DEPTHS = ['standard', 'deep', 'comprehensive', 'experimental'] as const;
export type ContentRunDepth = (typeof CONTENT_RUN_DEPTHS)[number];

/** A content analysis run to start for a URL. */
export interface ContentRunRequest {
  readonly url: string;
  readonly mode: ContentRunMode;
  readonly depth: ContentRunDepth;
}

/** A run that was accepted: it is queued and runs when the tenant's admission allows it. */
export interface StartedContentRun {
  readonly runId: string;
  readonly status: 'queued' | 'running' | 'completed' | 'failed';
}

/**
 * Starts content analysis runs of the main job from other layers. The tenant and workspace are the context's.
 * A run that cannot be accepted now (the run queue is full) is an `unavailable`, retryable error: the caller keeps
 * the work and asks again later.
 */
export interface ContentRunsPort {
  start(ctx: OrchestrationContext, request: ContentRunRequest): Promise<StepResult<StartedContentRun>>;
}

export const CONTENT_RUNS = Symbol('CONTENT_RUNS');
