import pLimit from 'p-limit';
import { fail, type StepResult } from '../../../core/result/step-result';
import { ROLE_LEVELS, type AgentState, type PlannedTask, type TaskStatus } from './hierarchy.types';
import type { StrategicPlan } from './strategic-plan';
import type { Route } from './task-router';

/** What a handler gets for one attempt of one task. */
export interface HandlerCall {
  readonly task: PlannedTask;
  readonly agentId: string;
  /** `<taskId>#<attempt>`: the same for a retry of the same attempt after a crash, new for each retry. */
  readonly attemptId: string;
  /** The results of the tasks it depends on, by task id. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Aborted at the task's timeout or when the session is cancelled. */
  readonly signal: AbortSignal;
}

/** Does a task's work: an orchestrator call, a module's handler. A thrown error counts as a failed attempt. */
export type TaskHandler = (call: HandlerCall) => Promise<StepResult<unknown>>;

export interface RunnerOptions {
  /** Tasks of one phase run at most this many at once (default 4). */
  readonly maxParallel?: number;
  /** Retries after a failed first attempt (default 3). */
  readonly maxRetries?: number;
  /** Wait before the first retry, doubled for each next one (default 5 000 ms). */
  readonly retryDelayMs?: number;
  /** An attempt still running after this fails as `timeout` (default 300 000 ms). */
  readonly taskTimeoutMs?: number;
  /** Waits `ms` unless `signal` aborts first; injected so tests run on fake timers. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  /** Cancels the whole session: running handlers see their signals abort, nothing new starts. */
  readonly signal?: AbortSignal;
  /**
   * What an earlier run of the same session left (a resume after a restart, a recovery): a settled task keeps its
   * outcome and is not run again; an unsettled one continues its round (see {@link PriorRound}).
   */
  readonly prior?: ReadonlyMap<string, TaskOutcome | PriorRound>;
  /** Called, and awaited, as tasks and attempts start and settle (e.g. to store them). */
  readonly hooks?: RunnerHooks;
  /**
   * The agent for a retry (e.g. another one when the first went stale); null when none may take it any more.
   * Without it a retry stays with the routed agent.
   */
  readonly agentFor?: (
    task: PlannedTask,
    previousAgentId: string,
    attempt: number,
  ) => Promise<string | null> | string | null;
}

/**
 * A task that has attempts behind it and is to run (again): its attempts so far, and how many of them came before
 * its current round (a recovery starts a new round with `maxRetries` retries of its own). Attempt numbers go on
 * from there, so every attempt id stays unique. A `running` task was interrupted mid-attempt: that attempt runs
 * again under the same id, so a handler that keys its side effect on the id does not repeat it.
 */
export interface PriorRound {
  readonly status: 'running' | 'pending';
  readonly attempts: number;
  readonly roundStart: number;
}

const isRound = (p: TaskOutcome | PriorRound): p is PriorRound => p.status === 'running' || p.status === 'pending';

export interface RunnerHooks {
  attemptStarted?(taskId: string, agentId: string, attemptId: string, at: number): Promise<void> | void;
  attemptSettled?(taskId: string, attemptId: string, result: StepResult<unknown>, at: number): Promise<void> | void;
  taskSettled?(outcome: TaskOutcome): Promise<void> | void;
}

export interface TaskOutcome {
  readonly taskId: string;
  readonly status: Exclude<TaskStatus, 'pending' | 'running'>;
  readonly agentId: string | null;
  readonly attempts: number;
  /** The handler's result of the last attempt; null when the task never ran. */
  readonly result: StepResult<unknown> | null;
  /** Why it did not complete: `no_eligible_agent`, `dependency_failed: …`, `timeout`, the handler's error. */
  readonly reason: string | null;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

export interface SessionOutcome {
  readonly status: 'completed' | 'failed' | 'partial' | 'cancelled';
  readonly tasks: readonly TaskOutcome[];
  /** The completed tasks' data, merged highest role level first, then higher priority. */
  readonly synthesis: readonly { readonly taskId: string; readonly agentId: string; readonly data: unknown }[];
  /** The cycle's task ids when the plan could not be ordered. */
  readonly cyclic?: readonly string[];
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Runs a planned session by topological phase: a phase starts when the one before it has settled, and runs up to
 * `maxParallel` of its tasks at once. A task routed to nobody fails (`no_eligible_agent`) without running; a task
 * whose dependency did not complete is `skipped`. An attempt that throws, answers an error or runs past
 * `taskTimeoutMs` (its signal then aborts) is retried after `retryDelayMs`, doubling, up to `maxRetries` times;
 * an error marked not retryable ends the task at once.
 * The session is `completed` only when it had tasks and every one completed — an empty session never is; a plan
 * with a cycle runs nothing and is `partial`; a cancelled one stops starting tasks and is `cancelled`.
 */
export async function runSession(
  plan: StrategicPlan,
  routes: readonly Route[],
  agents: readonly AgentState[],
  handlers: ReadonlyMap<string, TaskHandler>,
  options: RunnerOptions,
): Promise<SessionOutcome> {
  if (plan.resolution.status === 'partial')
    return { status: 'partial', tasks: [], synthesis: [], cyclic: plan.resolution.cyclic };
  const cancel = options.signal ?? new AbortController().signal;
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const routeOf = new Map(routes.map((r) => [r.taskId, r]));
  const outcomes = new Map<string, TaskOutcome>();
  const limit = pLimit(options.maxParallel ?? 4);
  for (const phase of plan.resolution.phases) {
    await Promise.all(
      phase.map((id) =>
        limit(async () => {
          const before = options.prior?.get(id);
          if (before && !isRound(before)) return void outcomes.set(id, before);
          const outcome = await runTask(byId.get(id)!, routeOf.get(id), outcomes, handlers, options, cancel, before);
          outcomes.set(id, outcome);
          await options.hooks?.taskSettled?.(outcome);
        }),
      ),
    );
  }
  const tasks = plan.resolution.order.map((id) => outcomes.get(id)!);
  const all = tasks.length > 0 && tasks.every((t) => t.status === 'completed');
  return {
    status: cancel.aborted ? 'cancelled' : all ? 'completed' : 'failed',
    tasks,
    synthesis: synthesis(tasks, byId, agents),
  };
}

async function runTask(
  task: PlannedTask,
  route: Route | undefined,
  done: ReadonlyMap<string, TaskOutcome>,
  handlers: ReadonlyMap<string, TaskHandler>,
  options: RunnerOptions,
  cancel: AbortSignal,
  before?: PriorRound,
): Promise<TaskOutcome> {
  const never = (status: TaskOutcome['status'], reason: string, agentId: string | null = null): TaskOutcome => ({
    taskId: task.id,
    status,
    agentId,
    attempts: 0,
    result: null,
    reason,
    startedAt: null,
    finishedAt: null,
  });
  const unmet = task.dependencies.filter((d) => done.get(d)?.status !== 'completed');
  if (unmet.length > 0) return never('skipped', `dependency_failed: ${unmet.join(', ')}`);
  if (!route?.agentId) return never('failed', 'no_eligible_agent');
  if (cancel.aborted) return never('skipped', 'cancelled', route.agentId);
  const handler = handlers.get(task.type);
  if (!handler) return never('failed', `no handler for type ${JSON.stringify(task.type)}`, route.agentId);
  const inputs = Object.fromEntries(task.dependencies.map((d) => [d, resultData(done.get(d)!.result)]));
  const maxRetries = options.maxRetries ?? 3;
  const startedAt = options.now();
  let result: StepResult<unknown> = fail('processing', 'not run');
  let agentId: string | null = route.agentId;
  // A resumed task repeats its interrupted attempt (same id) before any new one; a round has maxRetries retries.
  const roundStart = before?.roundStart ?? 0;
  let attempts = before ? Math.max(roundStart, before.status === 'running' ? before.attempts - 1 : before.attempts) : 0;
  let resumed = before?.status === 'running';
  while (attempts - roundStart <= maxRetries && !cancel.aborted) {
    if (attempts > roundStart && !resumed) {
      await options.sleep((options.retryDelayMs ?? 5000) * 2 ** (attempts - roundStart - 1), cancel).catch(() => {});
      if (cancel.aborted) break;
      agentId = options.agentFor ? await options.agentFor(task, agentId, attempts + 1) : agentId;
      if (agentId === null) {
        result = fail('unavailable', 'no_eligible_agent');
        break;
      }
    }
    resumed = false;
    attempts += 1;
    const attemptId = `${task.id}#${attempts}`;
    await options.hooks?.attemptStarted?.(task.id, agentId, attemptId, options.now());
    // The hook may have stopped the session (a step limit): the attempt is not made.
    if (cancel.aborted) {
      attempts -= 1;
      break;
    }
    result = await attempt(handler, { task, agentId, inputs }, attemptId, options, cancel);
    await options.hooks?.attemptSettled?.(task.id, attemptId, result, options.now());
    // Success, or a failure that trying again cannot mend (a refused input, a delegation loop).
    if (result.status === 'ok' || (result.status === 'error' && !result.retryable)) break;
  }
  if (attempts === roundStart && cancel.aborted) return { ...never('skipped', 'cancelled', agentId), attempts };
  const ok = result.status === 'ok';
  return {
    taskId: task.id,
    status: ok ? 'completed' : 'failed',
    agentId,
    attempts,
    result,
    reason: ok ? null : cancel.aborted ? 'cancelled' : result.status === 'error' ? result.error : result.status,
    startedAt,
    finishedAt: options.now(),
  };
}

/** One attempt under the task's timeout: a throw or a timeout becomes an error result. */
async function attempt(
  handler: TaskHandler,
  call: Omit<HandlerCall, 'attemptId' | 'signal'>,
  attemptId: string,
  options: RunnerOptions,
  cancel: AbortSignal,
): Promise<StepResult<unknown>> {
  const controller = new AbortController();
  const onCancel = () => controller.abort(cancel.reason);
  cancel.addEventListener('abort', onCancel, { once: true });
  const timeoutMs = options.taskTimeoutMs ?? 300_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<StepResult<unknown>>((resolve) => {
    timer = setTimeout(() => {
      resolve(fail('timeout', 'timeout'));
      controller.abort(new Error(`task ${call.task.id} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const work = handler({ ...call, attemptId, signal: controller.signal }).catch((e: unknown) =>
      fail('processing', errorText(e)),
    );
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
    cancel.removeEventListener('abort', onCancel);
  }
}

const resultData = (r: StepResult<unknown> | null) => (r && r.status === 'ok' ? r.data : null);

function synthesis(
  tasks: readonly TaskOutcome[],
  byId: ReadonlyMap<string, PlannedTask>,
  agents: readonly AgentState[],
): SessionOutcome['synthesis'] {
  const level = (agentId: string) => ROLE_LEVELS[agents.find((a) => a.id === agentId)?.role ?? ''] ?? 0;
  return tasks
    .filter((t) => t.status === 'completed' && t.agentId !== null)
    .map((t) => ({ taskId: t.taskId, agentId: t.agentId!, data: resultData(t.result) }))
    .sort((a, b) => level(b.agentId) - level(a.agentId) || byId.get(b.taskId)!.priority - byId.get(a.taskId)!.priority);
}
