import type { Depth } from '../../content';
import type { SharedTaskContext } from '../output/shared-task-context';
import type { TaskOutput } from '../output/parse-task-output';
import type { CrewPlan, TaskId } from '../plan/crew-plan';
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
