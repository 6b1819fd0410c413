import type { ErrorCategory } from '../../core/result/error-category';
import type { StageId, StageResult } from '../crew';
import type { Amounts, BudgetResource } from './planning/budget-guard';
import type { MissionPlan } from './planning/mission-plan';

/**
 * Where a mission is: `queued` (waiting for its job), `running`, `interrupted` (stopped between stages by a
 * shutdown or the run deadline; resumable), `failed` (acquisition failed, or the run broke; resumable),
 * `budget_exceeded` (a resource of the ledger ran out; final) or `completed` (final).
 */
export const MISSION_STATUSES = ['queued', 'running', 'interrupted', 'failed', 'budget_exceeded', 'completed'] as const;
export type MissionStatus = (typeof MISSION_STATUSES)[number];
/** The statuses `resume` starts again from the last checkpoint. */
export const RESUMABLE: ReadonlySet<MissionStatus> = new Set<MissionStatus>([
  'queued',
  'running',
  'interrupted',
  'failed',
]);
/** The statuses a run ends in; `waitFor` returns on these. */
export const SETTLED: ReadonlySet<MissionStatus> = new Set<MissionStatus>([
  'interrupted',
  'failed',
  'budget_exceeded',
  'completed',
]);

/**
 * How a mission's stages run: `pipeline` (one job runs them in plan order) or `hierarchical` (each stage is a task of
 * a `hierarchical` session, chained in plan order and routed to the roster's agents, with the hierarchy's retries,
 * timeouts, liveness and recovery).
 */
export const MISSION_MODES = ['pipeline', 'hierarchical'] as const;
export type MissionMode = (typeof MISSION_MODES)[number];

/**
 * What became of one planned stage: `completed` (its result is kept), `skipped` (the stage had nothing to do, with
 * the reason), `failed` (run again by a resume), or `dropped` by a replan. A stage without an outcome has not run.
 */
export interface StageOutcome {
  readonly id: string;
  readonly status: 'completed' | 'skipped' | 'failed' | 'dropped';
  /** The crew stage that ran it; absent for the mission's own stages (planning, communication). */
  readonly crewStage?: StageId;
  /** The stage's result (absent when dropped). */
  readonly result?: StageResult;
  readonly reason?: string;
  /** What the stage really spent, reconciled in the ledger. */
  readonly spent: Amounts;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** A mission as checkpointed (`missions`) after every stage, and as `GET /missions/:id` returns it. */
export interface MissionRecord {
  readonly missionId: string;
  readonly tenantId: string;
  readonly workspaceId: string;
  /** The request that started the mission (its `x-request-id`, else a generated one). */
  readonly requestId: string;
  readonly url: string;
  readonly depth: MissionPlan['depth'];
  readonly status: MissionStatus;
  readonly mode: MissionMode;
  /**
   * Hierarchical mode: the run of the plan now under way (new at each start); a stage task runs only for the run its
   * input names, so a session left from an earlier run can change nothing.
   */
  readonly runId: string | null;
  /** Hierarchical mode: the session running the current run's stages, once it is created. */
  readonly sessionId: string | null;
  /** Checkpoints written so far: a checkpoint is written only over the one it was made from. */
  readonly revision: number;
  readonly plan: MissionPlan;
  /** Dollars the planning of this mission cost (its LLM calls); charged by the mission planning stage. */
  readonly planningCostUsd: number;
  /** Outcomes in plan order, for the stages that have one. */
  readonly stages: readonly StageOutcome[];
  /** Crew stages run as inputs of planned ones (e.g. quality assessment before a standard briefing), by id. */
  readonly pulled: Readonly<Partial<Record<StageId, StageResult>>>;
  /** Spent per resource so far (the ledger's snapshot). */
  readonly ledger: Readonly<Record<BudgetResource, number>>;
  /** Decisions taken while running (replans, depth notices), after the plan's own. */
  readonly decisions: readonly string[];
  /** What the mission delivered through its progress channel, in order. */
  readonly messages: readonly string[];
  /** Runs of the plan started so far: the first and each resume (each spends one of the iterations budget). */
  readonly attempts: number;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly error: { readonly message: string; readonly category: ErrorCategory } | null;
}
