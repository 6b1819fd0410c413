import type { Clock } from '../../../core/runtime/clock';
import type { Depth } from '../../content';
import type { SharedTaskContext } from '../output/shared-task-context';
import type { TaskOutput } from '../output/parse-task-output';
import type { CrewPlan, PlannedTask, TaskId } from '../plan/crew-plan';
import type { StageId } from '../stages/stage.types';
import type { StageTools } from './stage-tools.port';

/** What the crew is started with. */
export interface AgentRunInputs {
  readonly url: string;
  readonly depth: Depth;
}

/** One run's context: the tenant, the abort signal, the per-run task context and the run's memoised stage tools. */
export interface AgentRunContext {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly signal?: AbortSignal;
  /** Every completed task's parsed output goes here before a dependent task starts. */
  readonly shared: SharedTaskContext;
  /** The stage library of this run; a tool called twice runs once. */
  readonly tools: StageTools;
  /** Called once per completed task with its parsed output (metrics, logs). */
  readonly onTaskComplete?: (output: TaskOutput) => void;
  /** Called once per task that ran, when it ends, ok or failed (the interaction log). */
  readonly onTaskSettled?: (settled: TaskSettlement) => void;
  /** Times the tasks reported to `onTaskSettled` (its monotonic clock); default the system clock. */
  readonly clock?: Clock;
}

/** One task as it ended: what it called, how long it took, and its reply or its error. */
export interface TaskSettlement {
  readonly task: PlannedTask;
  /** The stages the task called through the run's tools, in call order (a stage may repeat). */
  readonly calls: readonly StageId[];
  readonly durationMs: number;
  /** The task's raw reply; null when it failed. */
  readonly raw: string | null;
  /** Why it failed; null when it replied. */
  readonly error: string | null;
}

export interface AgentTaskRaw {
  readonly taskId: TaskId;
  readonly raw: string;
}

/** What a crew run returns: each task's raw text in plan order, and the final task's text. */
export interface AgentRunResult {
  readonly outputs: readonly AgentTaskRaw[];
  readonly finalRaw: string;
}

/**
 * Executes a crew plan (in place of the original's CrewAI). Sequential plans run their tasks in order; hierarchical
 * plans run the analysis tasks concurrently, at most `plan.maxConcurrent` at a time. A runtime rejects when the
 * signal aborts.
 */
export interface AgentRuntime {
  /** `deterministic` or `llm`; reported in results and trajectory feedback. */
  readonly name: string;
  run(plan: CrewPlan, inputs: AgentRunInputs, ctx: AgentRunContext): Promise<AgentRunResult>;
}
export const AGENT_RUNTIME = Symbol('AGENT_RUNTIME');
