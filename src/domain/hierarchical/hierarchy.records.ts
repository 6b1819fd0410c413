import type { Principal } from '../../core/security/principal';
import type { StepResult } from '../../core/result/step-result';
import type { Objective, TaskStatus } from './planning/hierarchy.types';
import type { StrategicPlan } from './planning/strategic-plan';

export const SESSION_STATUSES = ['queued', 'running', 'completed', 'failed', 'partial', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** A session in one of these states will not change unless recovered. */
export const SESSION_FINISHED: ReadonlySet<SessionStatus> = new Set(['completed', 'failed', 'partial', 'cancelled']);

/** The limits a session runs under (defaults from `hierarchy.*`). */
export interface SessionLimits {
  readonly maxParallel: number;
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly taskTimeoutMs: number;
  readonly maxSteps: number;
  readonly maxSessionMs: number;
}

export interface SessionRecord {
  readonly sessionId: string;
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly requestId: string;
  readonly mission: { readonly name: string; readonly context: Readonly<Record<string, unknown>> };
  readonly objectives: readonly Objective[];
  readonly plan: StrategicPlan;
  readonly limits: SessionLimits;
  /** Who created it: its tasks call other orchestrators with this principal's permissions. */
  readonly principal: Principal | null;
  status: SessionStatus;
  readonly createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Attempts and delegations so far (the step limit counts them). */
  steps: number;
  /** Times the session was started (1 on its first run; more after restarts and recoveries). */
  starts: number;
  /** The process coordinating it (`<host>:<pid>`), or that last did. */
  coordinator: string | null;
  /** Why it did not complete: a cycle, `step_limit`, `wall_clock_limit`, `cancelled`, failed tasks. */
  error: string | null;
  /** The completed tasks' data, highest role level first, then higher priority. */
  synthesis: readonly { readonly taskId: string; readonly agentId: string; readonly data: unknown }[] | null;
}

export interface TaskRecord {
  readonly sessionId: string;
  readonly taskId: string;
  readonly objectiveId: string;
  readonly type: string;
  readonly priority: number;
  status: TaskStatus;
  agentId: string | null;
  attempts: number;
  /** The handler's result of the last attempt. */
  result: StepResult<unknown> | null;
  reason: string | null;
  startedAt: number | null;
  finishedAt: number | null;
  /** When the task last showed progress (its attempt started, its handler or its agent reported some). */
  progressAt: number | null;
  /** The last progress value an agent's heartbeat reported for it. */
  progress: number | null;
  /** Recoveries that put it back to run (a selective restart gives at most `maxRetries`). */
  recoveries: number;
  /** Its attempts before its current round: a recovery starts a round with `maxRetries` retries of its own. */
  roundStart: number;
}

/** A session with its tasks, as the API answers it. */
export interface SessionView extends SessionRecord {
  readonly tasks: readonly TaskRecord[];
}

export interface AgentRecord {
  readonly tenantId: string;
  readonly agentId: string;
  readonly role: string;
  readonly capabilities: readonly string[];
  readonly specialisations: readonly string[];
  /** Tasks it may hold at once; its load is running tasks over this. */
  readonly capacity: number;
  readonly registeredAt: number;
  lastHeartbeat: number;
  status: 'active' | 'stale';
  /** Its own load as its last heartbeat reported it (0–1); routing takes the larger of this and its running share. */
  reportedLoad: number;
  completed: number;
  failed: number;
  /** Mean seconds of its completed tasks; null before the first. */
  averageSeconds: number | null;
}
