import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { JOB_QUEUE, type JobQueue } from '../../core/ports/job-queue.port';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { AgentRegistry } from './agent-registry';
import { TaskHandlers } from './handlers/task-handlers';
import { HierarchyEvent } from './hierarchy.events';
import { HierarchyMetrics } from './hierarchy.metrics';
import {
  SESSION_FINISHED,
  type SessionLimits,
  type SessionRecord,
  type SessionStatus,
  type SessionView,
  type TaskRecord,
} from './hierarchy.records';
import { HierarchyRepository } from './hierarchy.repository';
import { SessionCoordinator } from './session-coordinator';
import type { Objective } from './planning/hierarchy.types';
import { systemHealth, healthChecks } from './planning/monitoring';
import { applyRecovery, recoveryStrategy, type RecoveryStrategy } from './planning/recovery';
import { objectiveProblems, planSession } from './planning/strategic-plan';

export const SESSIONS_QUEUE = 'hierarchy.sessions';

export interface CreateSession {
  readonly mission: { readonly name: string; readonly context?: Readonly<Record<string, unknown>> };
  readonly objectives: readonly Objective[];
  readonly limits?: Partial<SessionLimits>;
}

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
  constructor(
    private readonly config: AppConfig,
    private readonly repository: HierarchyRepository,
    private readonly agents: AgentRegistry,
    private readonly handlers: TaskHandlers,
    private readonly metrics: HierarchyMetrics,
    private readonly events: EventEmitter2,
    private readonly coordinator: SessionCoordinator,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { retentionMs } = this.config.hierarchy;
    this.queue.process<{ tenantId: string; sessionId: string }>(
      SESSIONS_QUEUE,
      (job) => this.coordinator.execute(job.data.tenantId, job.data.sessionId),
      { concurrency: 16 },
    );
    await this.scheduler.every('hierarchy.purge', 3_600_000, () =>
      this.repository.purge(this.clock.now() - retentionMs),
    );
    // Sessions left queued or running by a restart run again (a job still held by the queue is not added twice).
    for (const s of await this.repository.unfinished()) await this.enqueue(s.tenantId, s.sessionId);
  }

  /** Stops the sessions running here without settling them: they stay `running` and resume at the next boot. */
  async onApplicationShutdown(): Promise<void> {
    this.coordinator.shutdown();
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
    // The session as stored: not read back (a thousand task rows cost a statement as much as storing them did).
    return ok({ ...session, tasks });
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
    const status = await this.repository.status(tenantId, sessionId);
    if (!status || SESSION_FINISHED.has(status)) return this.repository.view(tenantId, sessionId);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      this.coordinator.onFinished(sessionId, done);
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
    if (this.coordinator.stop(sessionId, 'cancelled')) {
      await this.waitFor(tenantId, sessionId, 30_000);
    } else {
      // Queued, or running on another instance: it sees the status when its next attempt starts.
      session.status = 'cancelled';
      session.finishedAt = this.clock.now();
      session.error = 'cancelled';
      await this.repository.updateSession(session);
      this.metrics.session('cancelled');
      this.coordinator.notifyFinished(sessionId);
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
    const running = [...this.coordinator.sessions()]
      .filter((l) => l.session.tenantId === tenantId)
      .flatMap((l) => [...l.attempts.entries()].map(([taskId, a]) => ({ id: taskId, startedAt: a.progressAt })));
    const queuedTasks = [...this.coordinator.sessions()]
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
      this.coordinator.touch(sessionId, taskId, now);
    }
    return true;
  }
}
