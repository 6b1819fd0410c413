/**
 * The vocabulary of hierarchical coordination: objectives a mission states, the tasks planned from them, and the
 * worker agents tasks are routed to. Priorities are 1–10 (10 most important) on objectives and tasks; routing reads
 * them on a 1–5 scale ({@link routingPriority}).
 */

/** What a mission wants done, as its caller states it. */
export interface Objective {
  readonly id: string;
  readonly title: string;
  /** 1–10, higher is more important. */
  readonly priority: number;
  /** Ids of the objectives that must be completed first. */
  readonly dependencies: readonly string[];
  /** The handler that does the work (`autointel`, `fallback`, `feedback`, or one a module registers). */
  readonly type: string;
  /** Seconds the task is expected to take (default 60). */
  readonly estimatedSeconds: number;
  readonly successCriteria: readonly string[];
  /** What the handler is given (e.g. `{ url }` for `autointel`); checked by the handler when the session is created. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** A registered agent's id the task must go to; unknown ids are refused when the session is created. */
  readonly agentId?: string;
}

export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A task planned from one objective. */
export interface PlannedTask {
  readonly id: string;
  readonly objectiveId: string;
  readonly name: string;
  /** 1–10, as the objective gave it. */
  readonly priority: number;
  readonly type: string;
  readonly dependencies: readonly string[];
  readonly estimatedSeconds: number;
  readonly input: Readonly<Record<string, unknown>>;
  /** The agent the objective pinned the task to, if any. */
  readonly agentId?: string;
}

/** A registered worker agent as routing and monitoring see it. */
export interface AgentState {
  readonly id: string;
  /** Its place in the hierarchy (`executive_supervisor`, `workflow_manager`, `fact_checker`, …); orders synthesis. */
  readonly role: string;
  readonly capabilities: readonly string[];
  readonly specialisations: readonly string[];
  /** 0–1: the share of its capacity in use. */
  readonly load: number;
  /** 0–1. */
  readonly successRate: number;
  /** Seconds. */
  readonly averageCompletionSeconds: number;
  /** Epoch ms of the last heartbeat. */
  readonly lastHeartbeat: number;
}

/** An objective's 1–10 priority on routing's 1–5 scale: ceil(p / 2). */
export const routingPriority = (priority: number): number => Math.ceil(priority / 2);

/**
 * How much a role's result weighs when results are merged, highest first: the executive supervisor (5), the mission
 * orchestrator (4), the workflow manager (3), a debate analyst or fact checker (2), content ingestion (1); any other
 * role 0.
 */
export const ROLE_LEVELS: Readonly<Record<string, number>> = {
  executive_supervisor: 5,
  mission_orchestrator: 4,
  workflow_manager: 3,
  debate_analyst: 2,
  fact_checker: 2,
  content_ingestion: 1,
};
