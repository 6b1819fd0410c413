import type { ErrorCategory } from '../../core/result/error-category';
import type { Depth } from '../content';

export const RUN_MODES = ['fallback', 'autonomous', 'enhanced'] as const;
export type RunMode = (typeof RUN_MODES)[number];
/** The orchestrator each mode runs. */
export const ORCHESTRATOR_OF_MODE: Readonly<Record<RunMode, string>> = {
  fallback: 'fallback_autonomous',
  autonomous: 'autonomous_intelligence',
  enhanced: 'enhanced_autonomous',
};

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export const FINISHED: ReadonlySet<RunStatus> = new Set<RunStatus>(['completed', 'failed']);

/** One progress message of a run, as the SSE stream and the run record carry it. */
export interface ProgressEvent {
  /** 1, 2, … within the run. */
  readonly seq: number;
  readonly at: number;
  readonly kind: 'post' | 'edit';
  readonly text: string;
  readonly ephemeral: boolean;
  readonly step: { readonly current: number; readonly total: number } | null;
}

/** A `/autointel` run as stored (`autointel_runs`) and returned by `GET /autointel/:workflowId`. */
export interface RunRecord {
  readonly workflowId: string;
  readonly tenantId: string;
  readonly workspaceId: string;
  /**
   * The request id of the request that started the run (its `x-request-id`, else a generated one); the run's
   * context, log lines and spans carry it. Null on runs stored before it was recorded.
   */
  readonly requestId: string | null;
  /**
   * The trace of the run's spans: the trace of the request's W3C `traceparent`, else a new one started for the run.
   * Null on runs stored before it was recorded.
   */
  readonly traceId: string | null;
  readonly url: string;
  readonly depth: Depth;
  readonly mode: RunMode;
  readonly status: RunStatus;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** Runs of this workflow started so far (a restart re-runs an unfinished one, up to `autointel.maxStarts`). */
  readonly attempts: number;
  readonly events: readonly ProgressEvent[];
  /** When completed: the Markdown report and the structured result. */
  readonly result: { readonly report: string; readonly data: unknown } | null;
  readonly error: { readonly message: string; readonly category: ErrorCategory } | null;
}

/**
 * The payload of a run's job: which run, and where it came from — the request id and the W3C trace context its
 * spans continue — so that whichever process runs it, now or after a restart, carries them on.
 */
export interface RunJob {
  readonly workflowId: string;
  readonly tenantId: string;
  /** Absent from jobs queued before it was recorded. */
  readonly requestId?: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** What instances tell each other about a run (Redis mode), and what a local subscriber receives. */
export type RunSignal =
  | { readonly workflowId: string; readonly event: ProgressEvent }
  | { readonly workflowId: string; readonly status: RunStatus };
