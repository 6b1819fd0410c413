import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { INTERACTION_LOG, type InteractionLogPort } from '../../core/ports/interaction-log.port';
import { fail, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { agentState, AgentRegistry } from './agent-registry';
import { HierarchyEvent } from './hierarchy.events';
import { HierarchyMetrics } from './hierarchy.metrics';
import {
  SESSION_FINISHED,
  type AgentRecord,
  type SessionRecord,
  type SessionStatus,
  type TaskRecord,
} from './hierarchy.records';
import { HierarchyRepository } from './hierarchy.repository';
import type { PlannedTask } from './planning/hierarchy.types';
import {
  runSession,
  type HandlerCall,
  type PriorRound,
  type TaskHandler as RunnerHandler,
  type TaskOutcome,
} from './planning/session-runner';
import { routeTasks } from './planning/task-router';
import { TaskDispatch } from './task-dispatch';
import { taskInteraction } from './task-interaction';

/** Why a live session was stopped before its tasks settled. */
export type StopReason = 'cancelled' | 'step_limit' | 'wall_clock_limit' | 'shutdown';

export interface LiveAttempt {
  readonly attemptId: string;
  readonly agentId: string;
  progressAt: number;
  abort(reason: string): void;
}

/** A session this instance is running: its state, its stop switch and its running attempts. */
export interface LiveSession {
  readonly session: SessionRecord;
  readonly tasks: Map<string, TaskRecord>;
  readonly controller: AbortController;
  stop: StopReason | null;
  readonly attempts: Map<string, LiveAttempt>;
  readonly agents: Map<string, AgentRecord>;
}

const isTerminalTask = (t: TaskRecord) => t.status === 'completed' || t.status === 'failed' || t.status === 'skipped';

/**
 * Runs the stored sessions of this instance: routes a session's tasks to the tenant's active agents, runs them by
 * phase through the runner, dispatches each attempt (here, or as a job in Redis mode) and stores every task and
 * attempt as it goes. A session resumed after a restart keeps its settled tasks and runs an interrupted attempt
 * again under its id. The sessions it is running are live here: they can be stopped (cancel, limits, shutdown) and
 * their running attempts watched by the monitor.
 */
@Injectable()
export class SessionCoordinator {
  private readonly logger = new Logger('Hierarchy');
  private readonly live = new Map<string, LiveSession>();
  private readonly finished = new Map<string, (() => void)[]>();
  private closing = false;
  private readonly interactions: LazyPort<InteractionLogPort>;

  constructor(
    private readonly repository: HierarchyRepository,
    private readonly agents: AgentRegistry,
    private readonly metrics: HierarchyMetrics,
    private readonly events: EventEmitter2,
    private readonly dispatch: TaskDispatch,
    @Inject(CLOCK) private readonly clock: Clock,
    moduleRef: ModuleRef,
  ) {
    this.interactions = lazyPort(moduleRef, INTERACTION_LOG);
  }

  /** The sessions running here. */
  sessions(): IterableIterator<LiveSession> {
    return this.live.values();
  }

  /** Stops a session running here; false when it is not running here. */
  stop(sessionId: string, reason: StopReason): boolean {
    const live = this.live.get(sessionId);
    if (live) this.stopSession(live, reason);
    return live !== undefined;
  }

  /** Stops every session running here without settling them: they stay `running` and resume at the next boot. */
  shutdown(): void {
    this.closing = true;
    for (const live of this.live.values()) this.stopSession(live, 'shutdown');
  }

  /** Calls `done` when the session finishes here (or is cancelled while queued). */
  onFinished(sessionId: string, done: () => void): void {
    const list = this.finished.get(sessionId) ?? [];
    list.push(done);
    this.finished.set(sessionId, list);
  }

  /** Tells the waiters of a session that it has finished. */
  notifyFinished(sessionId: string): void {
    for (const done of this.finished.get(sessionId) ?? []) done();
    this.finished.delete(sessionId);
  }

  /** Records progress on a task running here. */
  touch(sessionId: string, taskId: string, at: number): void {
    const attempt = this.live.get(sessionId)?.attempts.get(taskId);
    if (attempt) attempt.progressAt = at;
  }

  private stopSession(live: LiveSession, reason: StopReason): void {
    if (live.stop) return;
    live.stop = reason;
    live.controller.abort(new Error(reason));
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
    const unsettled = [...live.tasks.values()].filter((t) => !isTerminalTask(t));
    for (const t of unsettled)
      Object.assign(t, { status: 'skipped', reason: error ?? 'not run', finishedAt: this.clock.now() });
    await Promise.all(unsettled.map((t) => this.repository.settleTask(session.tenantId, t, null)));
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
    // The task is stored as running and the attempt counted as a step, in one write; past `maxSteps` the session
    // stops (the attempt is then not made). A cancel made elsewhere shows in the status.
    const { steps, status } = await this.repository.startAttempt(live.session.tenantId, task);
    live.session.steps = Math.max(live.session.steps, steps);
    if (steps > live.session.limits.maxSteps) return this.stopSession(live, 'step_limit');
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
    const seconds =
      outcome.startedAt !== null && outcome.finishedAt !== null
        ? (outcome.finishedAt - outcome.startedAt) / 1000
        : null;
    await this.repository.settleTask(
      tenantId,
      task,
      outcome.agentId && outcome.attempts > 0
        ? { agentId: outcome.agentId, completed: outcome.status === 'completed', seconds }
        : null,
    );
    this.metrics.task(outcome.status, seconds);
    // The agent's record of work in the interaction log (when a module provides one).
    const interaction = taskInteraction(tenantId, sessionId, task.type, outcome, this.clock.now());
    if (interaction) this.interactions.tryGet()?.record(interaction);
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
