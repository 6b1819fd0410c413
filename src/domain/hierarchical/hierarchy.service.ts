import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { JOB_QUEUE, type JobQueue } from '../../core/ports/job-queue.port';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { agentState, AgentRegistry } from './agent-registry';
import { TaskHandlers } from './handlers/task-handlers';
import { HierarchyEvent } from './hierarchy.events';
import { HierarchyMetrics } from './hierarchy.metrics';
import {
  SESSION_FINISHED,
  type AgentRecord,
  type SessionLimits,
  type SessionRecord,
  type SessionStatus,
  type SessionView,
  type TaskRecord,
} from './hierarchy.records';
import { HierarchyRepository } from './hierarchy.repository';
import { TaskDispatch } from './task-dispatch';
import type { Objective, PlannedTask } from './planning/hierarchy.types';
import { systemHealth, healthChecks } from './planning/monitoring';
import { applyRecovery, recoveryStrategy, type RecoveryStrategy } from './planning/recovery';
import {
  runSession,
  type HandlerCall,
  type PriorRound,
  type TaskHandler as RunnerHandler,
  type TaskOutcome,
} from './planning/session-runner';
import { objectiveProblems, planSession } from './planning/strategic-plan';
import { routeTasks } from './planning/task-router';

export const SESSIONS_QUEUE = 'hierarchy.sessions';

export interface CreateSession {
  readonly mission: { readonly name: string; readonly context?: Readonly<Record<string, unknown>> };
  readonly objectives: readonly Objective[];
  readonly limits?: Partial<SessionLimits>;
}

/** Why a live session was stopped before its tasks settled. */
type StopReason = 'cancelled' | 'step_limit' | 'wall_clock_limit' | 'shutdown';

interface LiveAttempt {
  readonly attemptId: string;
  readonly agentId: string;
  progressAt: number;
  abort(reason: string): void;
}

/** A session this instance is running: its state, its stop switch and its running attempts. */
interface LiveSession {
  readonly session: SessionRecord;
  readonly tasks: Map<string, TaskRecord>;
  readonly controller: AbortController;
  stop: StopReason | null;
  readonly attempts: Map<string, LiveAttempt>;
  readonly agents: Map<string, AgentRecord>;
}

const isTerminalTask = (t: TaskRecord) => t.status === 'completed' || t.status === 'failed' || t.status === 'skipped';

/**
 * Hierarchical sessions: a mission's objectives planned into tasks, routed to the tenant's registered agents and
 * run by topological phase, each task by the handler of its type with a child context of the session's. Sessions,
 * tasks and attempts are stored as they go; a session is run as a job of `hierarchy.sessions`, so that one left
 * unfinished by a restart is run again and picks up where it was: settled tasks keep their outcome, an interrupted
 * attempt runs again under its idempotency key.
 *
 * Limits: a session stops at `maxSteps` attempts and delegations, and after `maxSessionMs`; the same delegation seen
 * `hierarchy.delegationRepeatLimit` times fails its task as a loop. The monitor job marks agents without a
 * heartbeat for `hierarchy.staleAgentMs` stale (no new tasks; their running attempts are stopped and retried on
 * another agent) and stops attempts without progress for `hierarchy.stuckTaskMs` (retried up to `maxRetries`).
 */
@Injectable()
export class HierarchyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Hierarchy');
  private readonly live = new Map<string, LiveSession>();
  private readonly finished = new Map<string, (() => void)[]>();
  private closing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: HierarchyRepository,
    private readonly agents: AgentRegistry,
    private readonly handlers: TaskHandlers,
    private readonly metrics: HierarchyMetrics,
    private readonly events: EventEmitter2,
    private readonly dispatch: TaskDispatch,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { monitorEveryMs, retentionMs } = this.config.hierarchy;
    this.queue.process<{ tenantId: string; sessionId: string }>(
      SESSIONS_QUEUE,
      (job) => this.execute(job.data.tenantId, job.data.sessionId),
      { concurrency: 16 },
    );
    await this.scheduler.every('hierarchy.monitor', monitorEveryMs, () => this.monitor());
    await this.scheduler.every('hierarchy.purge', 3_600_000, () =>
      this.repository.purge(this.clock.now() - retentionMs),
    );
    // Sessions left queued or running by a restart run again (a job still held by the queue is not added twice).
    for (const s of await this.repository.unfinished()) await this.enqueue(s.tenantId, s.sessionId);
  }

  /** Stops the sessions running here without settling them: they stay `running` and resume at the next boot. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const live of this.live.values()) this.stopSession(live, 'shutdown');
  }

  private limits(asked: Partial<SessionLimits> = {}): SessionLimits {
    const c = this.config.hierarchy;
    return {
      maxParallel: asked.maxParallel ?? c.maxParallel,
      maxRetries: asked.maxRetries ?? c.maxRetries,
      retryDelayMs: asked.retryDelayMs ?? c.retryDelayMs,
      taskTimeoutMs: asked.taskTimeoutMs ?? c.taskTimeoutMs,
      maxSteps: asked.maxSteps ?? c.maxSteps,
      maxSessionMs: asked.maxSessionMs ?? c.maxSessionMs,
    };
  }

  /**
   * What is wrong with a session request, each problem naming its field: the objectives (none, ids used twice,
   * priorities outside 1–10, unknown dependencies, types no handler takes), each objective's `input` as its
   * handler checks it, and agent ids the tenant has not registered.
   */
  private async problems(tenantId: string, request: CreateSession): Promise<string[]> {
    const { maxObjectives } = this.config.hierarchy;
    if (request.objectives.length > maxObjectives)
      return [
        `objectives: at most ${maxObjectives} per session (hierarchy.maxObjectives), got ${request.objectives.length}`,
      ];
    const problems = objectiveProblems(request.objectives, this.handlers.types());
    const registered = new Set((await this.agents.list(tenantId)).map((a) => a.agentId));
    request.objectives.forEach((o, i) => {
      const handler = this.handlers.get(o.type);
      if (handler) for (const p of handler.inputProblems(o.input ?? {})) problems.push(`objectives[${i}].input.${p}`);
      if (o.agentId !== undefined && !registered.has(o.agentId))
        problems.push(
          `objectives[${i}].agentId ${JSON.stringify(o.agentId)} is not a registered agent of tenant ${tenantId}`,
        );
    });
    return problems;
  }

  /**
   * Plans and stores a session, then queues it. Answers `validation` naming the field for a request that cannot be
   * planned. A plan whose dependencies form a cycle is stored `partial`, naming the cycle, and never run.
   */
  async create(ctx: OrchestrationContext, request: CreateSession): Promise<StepResult<SessionView>> {
    const problems = await this.problems(ctx.tenantId, request);
    if (problems.length > 0) return fail('validation', problems.join('; '));
    const sessionId = this.ids.uuid();
    const plan = planSession(sessionId, request.objectives);
    const cyclic = plan.resolution.status === 'partial' ? plan.resolution.cyclic : null;
    const now = this.clock.now();
    const session: SessionRecord = {
      sessionId,
      tenantId: ctx.tenantId,
      workspaceId: ctx.workspaceId,
      requestId: ctx.requestId,
      mission: { name: request.mission.name, context: request.mission.context ?? {} },
      objectives: request.objectives,
      plan,
      limits: this.limits(request.limits),
      principal: ctx.principal ?? null,
      status: cyclic ? 'partial' : 'queued',
      createdAt: now,
      startedAt: null,
      finishedAt: cyclic ? now : null,
      steps: 0,
      starts: 0,
      coordinator: null,
      error: cyclic ? `objectives[].dependencies form a cycle: ${cyclic.join(', ')}; nothing was run` : null,
      synthesis: cyclic ? [] : null,
    };
    const onCycle = new Set(cyclic ?? []);
    const tasks = plan.tasks.map((t): TaskRecord => ({
      sessionId,
      taskId: t.id,
      objectiveId: t.objectiveId,
      type: t.type,
      priority: t.priority,
      status: cyclic ? 'skipped' : 'pending',
      agentId: null,
      attempts: 0,
      result: null,
      reason: cyclic ? (onCycle.has(t.id) ? 'dependency_cycle' : 'not_run: the plan has a cycle') : null,
      startedAt: null,
      finishedAt: null,
      progressAt: null,
      progress: null,
      recoveries: 0,
      roundStart: 0,
    }));
    await this.repository.insertSession(session, tasks);
    if (cyclic) this.metrics.session('partial');
    else await this.enqueue(ctx.tenantId, sessionId);
    return ok((await this.repository.view(ctx.tenantId, sessionId))!);
  }

  private async enqueue(tenantId: string, sessionId: string): Promise<void> {
    await this.queue.add(SESSIONS_QUEUE, { tenantId, sessionId }, { jobId: `session:${sessionId}`, attempts: 1 });
  }

  get(tenantId: string, sessionId: string): Promise<SessionView | undefined> {
    return this.repository.view(tenantId, sessionId);
  }

  list(tenantId: string, limit: number, status?: SessionStatus): Promise<SessionRecord[]> {
    return this.repository.list(tenantId, limit, status);
  }

  /** Resolves with the session once it has finished, or as it is after `timeoutMs`. */
  async waitFor(tenantId: string, sessionId: string, timeoutMs: number): Promise<SessionView | undefined> {
    const now = await this.repository.view(tenantId, sessionId);
    if (!now || SESSION_FINISHED.has(now.status)) return now;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const list = this.finished.get(sessionId) ?? [];
      list.push(done);
      this.finished.set(sessionId, list);
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    return this.repository.view(tenantId, sessionId);
  }

  /**
   * Cancels a queued or running session: running handlers see their signal abort, nothing more starts. `conflict`
   * for a finished one.
   */
  async cancel(tenantId: string, sessionId: string): Promise<StepResult<SessionView>> {
    const session = await this.repository.session(tenantId, sessionId);
    if (!session) return fail('not_found', `No session ${JSON.stringify(sessionId)} for tenant ${tenantId}`);
    if (SESSION_FINISHED.has(session.status))
      return fail('conflict', `Session ${sessionId} is already ${session.status}`, { retryable: false });
    const live = this.live.get(sessionId);
    if (live) {
      this.stopSession(live, 'cancelled');
      await this.waitFor(tenantId, sessionId, 30_000);
    } else {
      // Queued, or running on another instance: it sees the status when its next attempt starts.
      session.status = 'cancelled';
      session.finishedAt = this.clock.now();
      session.error = 'cancelled';
      await this.repository.updateSession(session);
      this.metrics.session('cancelled');
      this.notifyFinished(sessionId);
    }
    return ok((await this.repository.view(tenantId, sessionId))!);
  }

  /**
   * Recovers a finished session that did not complete with a strategy (chosen from `affected` when not given:
   * a critical component → full restart, an agent → selective restart, else graceful degradation). A full restart
   * runs every task again; a selective one the failed tasks that have retries left (each counts one); graceful
   * degradation keeps the outcome as it is. The session is queued again when any task went back to pending.
   */
  async recover(
    tenantId: string,
    sessionId: string,
    options: { strategy?: RecoveryStrategy; affected?: readonly string[] } = {},
  ): Promise<StepResult<{ strategy: RecoveryStrategy; requeued: string[]; session: SessionView }>> {
    const view = await this.repository.view(tenantId, sessionId);
    if (!view) return fail('not_found', `No session ${JSON.stringify(sessionId)} for tenant ${tenantId}`);
    if (!SESSION_FINISHED.has(view.status) || view.status === 'completed')
      return fail(
        'conflict',
        `Session ${sessionId} is ${view.status}: only a finished session that did not complete is recovered`,
        {
          retryable: false,
        },
      );
    if (view.plan.resolution.status === 'partial')
      return fail('conflict', `Session ${sessionId} has a dependency cycle: recovery cannot run it`, {
        retryable: false,
      });
    const strategy = options.strategy ?? recoveryStrategy(options.affected ?? []);
    const maxRetries = view.limits.maxRetries;
    // A task's retry count here is its recoveries: each selective restart counts one, up to maxRetries. A skipped
    // task goes back with the failed one it waited for.
    const recovered = applyRecovery(
      strategy,
      view.tasks.map((t) => ({
        ...t,
        id: t.taskId,
        retryCount: t.recoveries,
        maxRetries,
        status: t.status === 'skipped' ? ('failed' as const) : t.status,
      })),
    );
    const requeued: string[] = [];
    for (const [i, r] of recovered.entries()) {
      const task = view.tasks[i];
      if (r.status !== 'pending') continue;
      requeued.push(task.taskId);
      Object.assign(task, {
        status: 'pending',
        agentId: null,
        result: null,
        reason: null,
        finishedAt: null,
        progressAt: null,
        recoveries: r.retryCount,
        // Attempt numbers go on, so every attempt keeps its own idempotency key.
        roundStart: task.attempts,
      });
      await this.repository.updateTask(tenantId, task);
      this.events.emit(HierarchyEvent.TaskRecovered, { tenantId, sessionId, taskId: task.taskId, strategy });
    }
    if (requeued.length > 0) {
      const { tasks: _tasks, ...rest } = view;
      const session: SessionRecord = { ...rest, status: 'queued', finishedAt: null, error: null, synthesis: null };
      await this.repository.updateSession(session);
      await this.enqueue(tenantId, sessionId);
    }
    return ok({ strategy, requeued, session: (await this.repository.view(tenantId, sessionId))! });
  }

  /** The coordinator's health for a tenant, with its stale agents and stuck tasks. */
  async health(tenantId: string) {
    const [counts, agents] = await Promise.all([this.repository.sessionCounts(tenantId), this.agents.list(tenantId)]);
    const now = this.clock.now();
    const running = [...this.live.values()]
      .filter((l) => l.session.tenantId === tenantId)
      .flatMap((l) => [...l.attempts.entries()].map(([taskId, a]) => ({ id: taskId, startedAt: a.progressAt })));
    const queuedTasks = [...this.live.values()]
      .filter((l) => l.session.tenantId === tenantId)
      .reduce((n, l) => n + [...l.tasks.values()].filter((t) => t.status === 'pending').length, 0);
    return {
      ...systemHealth({
        activeSessions: counts.active,
        agents: agents.filter((a) => a.status === 'active').length,
        queuedTasks,
        totalSessions: counts.total,
        failedSessions: counts.failed,
      }),
      ...healthChecks(
        now,
        agents.map((a) => ({ id: a.agentId, lastHeartbeat: a.lastHeartbeat })),
        running,
      ),
      sessions: counts,
    };
  }

  /** Records progress an agent's heartbeat reports for a running task: a changed value counts as progress. */
  async reportProgress(tenantId: string, sessionId: string, taskId: string, progress: number): Promise<boolean> {
    const tasks = await this.repository.tasks(tenantId, sessionId);
    const task = tasks.find((t) => t.taskId === taskId);
    if (!task || task.status !== 'running') return false;
    if (task.progress !== progress) {
      const now = this.clock.now();
      task.progress = progress;
      task.progressAt = now;
      await this.repository.updateTask(tenantId, task);
      const attempt = this.live.get(sessionId)?.attempts.get(taskId);
      if (attempt) attempt.progressAt = now;
    }
    return true;
  }

  /**
   * One pass of the monitor job: marks agents without a heartbeat for `staleAgentMs` stale and stops their running
   * attempts here (each is retried on another agent while retries are left); stops attempts without progress for
   * `stuckTaskMs` (retried likewise). Emits an event for each.
   */
  async monitor(): Promise<{ staleAgents: number; stuckTasks: number }> {
    const { staleAgentMs, stuckTaskMs } = this.config.hierarchy;
    const now = this.clock.now();
    const stale = await this.repository.markStale(now - staleAgentMs);
    for (const a of stale) {
      this.metrics.staleAgent();
      this.events.emit(HierarchyEvent.AgentStale, a);
    }
    const staleKeys = new Set(stale.map((a) => `${a.tenantId}\u0000${a.agentId}`));
    let stuck = 0;
    for (const live of this.live.values()) {
      const { tenantId, sessionId } = live.session;
      // Progress an agent reported through another instance is in the store.
      const stored = live.attempts.size > 0 ? await this.repository.tasks(tenantId, sessionId) : [];
      for (const [taskId, attempt] of live.attempts) {
        const reported = stored.find((t) => t.taskId === taskId)?.progressAt ?? 0;
        attempt.progressAt = Math.max(attempt.progressAt, reported);
        const agentStale = staleKeys.has(`${tenantId}\u0000${attempt.agentId}`);
        const idle = now - attempt.progressAt > stuckTaskMs;
        if (!agentStale && !idle) continue;
        stuck += 1;
        const reason = agentStale ? 'agent_stale' : 'no_progress';
        this.metrics.stuckTask(reason);
        this.events.emit(HierarchyEvent.TaskStuck, {
          tenantId,
          sessionId,
          taskId,
          agentId: attempt.agentId,
          attemptId: attempt.attemptId,
          reason,
          strategy: recoveryStrategy([`agent:${attempt.agentId}`]),
        });
        attempt.abort(
          agentStale
            ? `stuck: agent ${attempt.agentId} sent no heartbeat for ${staleAgentMs} ms`
            : `stuck: no progress for ${stuckTaskMs} ms`,
        );
      }
    }
    return { staleAgents: stale.length, stuckTasks: stuck };
  }

  private stopSession(live: LiveSession, reason: StopReason): void {
    if (live.stop) return;
    live.stop = reason;
    live.controller.abort(new Error(reason));
  }

  private notifyFinished(sessionId: string): void {
    for (const done of this.finished.get(sessionId) ?? []) done();
    this.finished.delete(sessionId);
  }

  /** Runs (or resumes) a stored session; the job handler of `hierarchy.sessions`. */
  async execute(tenantId: string, sessionId: string): Promise<void> {
    if (this.live.has(sessionId) || this.closing) return;
    const session = await this.repository.session(tenantId, sessionId);
    if (!session || SESSION_FINISHED.has(session.status)) return;
    const stored = await this.repository.tasks(tenantId, sessionId);
    const registered = await this.agents.list(tenantId);
    const live: LiveSession = {
      session,
      tasks: new Map(stored.map((t) => [t.taskId, t])),
      controller: new AbortController(),
      stop: null,
      attempts: new Map(),
      agents: new Map(registered.map((a) => [a.agentId, a])),
    };
    this.live.set(sessionId, live);
    const wallClock = setTimeout(() => this.stopSession(live, 'wall_clock_limit'), session.limits.maxSessionMs);
    try {
      session.status = 'running';
      session.startedAt ??= this.clock.now();
      session.starts += 1;
      session.coordinator = this.dispatch.workerId;
      await this.repository.updateSession(session);
      this.events.emit(HierarchyEvent.SessionStarted, { tenantId, sessionId, starts: session.starts });
      await this.run(live);
    } catch (e) {
      this.logger.error(`Session ${sessionId} stopped on an error: ${e instanceof Error ? e.message : String(e)}`);
      if (!this.closing)
        await this.settleSession(live, 'failed', `internal: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(wallClock);
      this.live.delete(sessionId);
    }
  }

  private async run(live: LiveSession): Promise<void> {
    const { session } = live;
    const active = [...live.agents.values()].filter((a) => a.status === 'active');
    const states = active.map((a) => agentState(a, this.runningOn(a.tenantId, a.agentId)));
    const pending = session.plan.tasks.filter((t) => !isTerminalTask(live.tasks.get(t.id)!));
    const routes = routeTasks(pending, states);
    const prior = new Map<string, TaskOutcome | PriorRound>();
    for (const t of live.tasks.values()) {
      if (isTerminalTask(t)) prior.set(t.taskId, this.outcomeOf(t));
      else if (t.status === 'running' || t.attempts > 0)
        prior.set(t.taskId, {
          status: t.status === 'running' ? 'running' : 'pending',
          attempts: t.attempts,
          roundStart: t.roundStart,
        });
    }
    const handlers = new Map<string, RunnerHandler>(
      [...new Set(session.plan.tasks.map((t) => t.type))].map((type) => [type, (call) => this.attempt(live, call)]),
    );
    const outcome = await runSession(session.plan, routes, states, handlers, {
      maxParallel: session.limits.maxParallel,
      maxRetries: session.limits.maxRetries,
      retryDelayMs: session.limits.retryDelayMs,
      taskTimeoutMs: session.limits.taskTimeoutMs,
      sleep: (ms, signal) => this.sleep(ms, signal),
      now: () => this.clock.now(),
      signal: live.controller.signal,
      prior,
      agentFor: (task, previous) => this.agentFor(live, task, previous),
      hooks: {
        attemptStarted: (taskId, agentId, attemptId, at) => this.attemptStarted(live, taskId, agentId, attemptId, at),
        taskSettled: (o) => this.taskSettled(live, o),
      },
    });
    if (live.stop === 'shutdown') return; // left running: resumed at the next boot
    const failed = outcome.tasks.filter((t) => t.status !== 'completed').map((t) => `${t.taskId}: ${t.reason}`);
    session.synthesis = outcome.synthesis;
    if (live.stop === 'cancelled') return this.settleSession(live, 'cancelled', 'cancelled');
    if (live.stop) return this.settleSession(live, 'failed', live.stop);
    await this.settleSession(
      live,
      outcome.status === 'completed' ? 'completed' : 'failed',
      outcome.status === 'completed' ? null : outcome.tasks.length === 0 ? 'no tasks' : failed.join('; '),
    );
  }

  private async settleSession(live: LiveSession, status: SessionStatus, error: string | null): Promise<void> {
    const { session } = live;
    // Tasks that never started because the session stopped are recorded as skipped with its reason.
    for (const t of live.tasks.values())
      if (!isTerminalTask(t)) {
        Object.assign(t, { status: 'skipped', reason: error ?? 'not run', finishedAt: this.clock.now() });
        await this.repository.updateTask(session.tenantId, t);
      }
    session.status = status;
    session.error = error;
    session.finishedAt = this.clock.now();
    session.synthesis ??= [];
    await this.repository.updateSession(session);
    this.metrics.session(status);
    this.events.emit(HierarchyEvent.SessionFinished, {
      tenantId: session.tenantId,
      sessionId: session.sessionId,
      status,
      error,
    });
    this.notifyFinished(session.sessionId);
  }

  private outcomeOf(t: TaskRecord): TaskOutcome {
    return {
      taskId: t.taskId,
      status: t.status as TaskOutcome['status'],
      agentId: t.agentId,
      attempts: t.attempts,
      result: t.result,
      reason: t.reason,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
    };
  }

  private runningOn(tenantId: string, agentId: string): number {
    let n = 0;
    for (const l of this.live.values())
      if (l.session.tenantId === tenantId) for (const a of l.attempts.values()) if (a.agentId === agentId) n += 1;
    return n;
  }

  /** The agent of a retry: the same one while it is active, else the best active one that may take the task. */
  private async agentFor(live: LiveSession, task: PlannedTask, previous: string): Promise<string | null> {
    const agents = await this.agents.list(live.session.tenantId);
    for (const a of agents) live.agents.set(a.agentId, a);
    const active = agents.filter((a) => a.status === 'active');
    if (active.some((a) => a.agentId === previous)) return previous;
    const states = active.map((a) => agentState(a, this.runningOn(a.tenantId, a.agentId)));
    return routeTasks([task], states)[0]?.agentId ?? null;
  }

  private async attemptStarted(
    live: LiveSession,
    taskId: string,
    agentId: string,
    attemptId: string,
    at: number,
  ): Promise<void> {
    const task = live.tasks.get(taskId)!;
    Object.assign(task, {
      status: 'running',
      agentId,
      attempts: Number(attemptId.slice(attemptId.lastIndexOf('#') + 1)),
      startedAt: task.startedAt ?? at,
      progressAt: at,
    });
    await this.repository.updateTask(live.session.tenantId, task);
    await this.countStep(live);
  }

  /** Counts the attempt as a step; past `maxSteps` the session stops. Also sees a cancel made elsewhere. */
  private async countStep(live: LiveSession): Promise<void> {
    const { tenantId, sessionId, limits } = live.session;
    const { steps, status } = await this.repository.bumpSteps(tenantId, sessionId);
    live.session.steps = steps;
    if (steps > limits.maxSteps) return this.stopSession(live, 'step_limit');
    if (status === 'cancelled') this.stopSession(live, 'cancelled');
  }

  private async taskSettled(live: LiveSession, outcome: TaskOutcome): Promise<void> {
    // A task stopped by a shutdown is left as it was, to run again when the session resumes.
    if (live.stop === 'shutdown' && outcome.status !== 'completed') return;
    const { tenantId, sessionId } = live.session;
    const task = live.tasks.get(outcome.taskId)!;
    Object.assign(task, {
      status: outcome.status,
      agentId: outcome.agentId,
      attempts: outcome.attempts,
      result: outcome.result,
      // A task the session's stop kept from running says why the session stopped.
      reason: outcome.reason === 'cancelled' && live.stop ? live.stop : outcome.reason,
      finishedAt: outcome.finishedAt ?? this.clock.now(),
    });
    await this.repository.updateTask(tenantId, task);
    const seconds =
      outcome.startedAt !== null && outcome.finishedAt !== null
        ? (outcome.finishedAt - outcome.startedAt) / 1000
        : null;
    if (outcome.agentId && outcome.attempts > 0)
      await this.repository.recordOutcome(tenantId, outcome.agentId, outcome.status === 'completed', seconds);
    this.metrics.task(outcome.status, seconds);
    this.events.emit(HierarchyEvent.TaskSettled, {
      tenantId,
      sessionId,
      taskId: outcome.taskId,
      status: outcome.status,
      agentId: outcome.agentId,
      attempts: outcome.attempts,
      reason: outcome.reason,
    });
  }

  /**
   * One attempt of a task, through the dispatch (here, or as a job in Redis mode), under a signal that the task's
   * timeout, the session's stop and the monitor (stuck task, stale agent) abort; the monitor's stop answers at once.
   */
  private async attempt(live: LiveSession, call: HandlerCall): Promise<StepResult<unknown>> {
    const stuck = new AbortController();
    let stuckReason: string | null = null;
    const signal = AbortSignal.any([call.signal, stuck.signal]);
    const stopped = new Promise<StepResult<unknown>>((resolve) => {
      stuck.signal.addEventListener('abort', () => resolve(fail('timeout', stuckReason ?? 'stuck')), { once: true });
    });
    const attempt: LiveAttempt = {
      attemptId: call.attemptId,
      agentId: call.agentId,
      progressAt: this.clock.now(),
      abort: (reason) => {
        stuckReason = reason;
        stuck.abort(new Error(reason));
      },
    };
    live.attempts.set(call.task.id, attempt);
    try {
      return await Promise.race([
        this.dispatch.dispatch({
          session: live.session,
          task: call.task,
          agentId: call.agentId,
          attemptId: call.attemptId,
          inputs: call.inputs,
          signal,
          timeoutMs: live.session.limits.taskTimeoutMs,
          onProgress: () => (attempt.progressAt = this.clock.now()),
        }),
        stopped,
      ]);
    } finally {
      live.attempts.delete(call.task.id);
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new Error('aborted'));
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
