import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { ACCESS_POLICY, type AccessPolicyPort } from '../../core/ports/access-policy.port';
import { INTERACTION_LOG, type Interaction, type InteractionLogPort } from '../../core/ports/interaction-log.port';
import { JOB_QUEUE, type Job, type JobQueue } from '../../core/ports/job-queue.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { LLM, NullProgress, RunAdmission, STAGE_TOOLS, type LlmPort, type StageToolsFactory } from '../crew';
import { CheckpointConflict, MissionRun } from './execution/mission-run';
import { MissionSessionRun } from './execution/session-run';
import type { StageTaskInput } from './execution/stage-session';
import { MissionEvent } from './mission.events';
import { MissionMetrics } from './mission.metrics';
import { MissionRepository, type MissionJob } from './mission.repository';
import { RESUMABLE, SETTLED, type MissionMode, type MissionRecord, type MissionStatus } from './mission.types';
import { newMissionRecord } from './mission-record';
import { Wakeups } from './wakeups';
import type { MissionInProcessOptions } from './mission-in-process-options';
import type { MissionPlan, MissionRequest } from './planning/mission-plan';
import { MissionPlanner } from './planning/mission-planner';

export const MISSION_RUNS_QUEUE = 'mission.runs';
/** How often `waitFor` looks at the stored mission (a run on another instance signals nothing here). */
const WAIT_POLL_MS = 500;

/** How often a hierarchical mission's job reads its session, and how often it keeps the roster agents alive (ms). */
const SESSION_POLL_MS = 250;
const HEARTBEAT_MS = 10_000;
/** The permission a principal needs, beside `mission_orchestrator.run`, to run a mission as a hierarchical session. */
const HIERARCHICAL_RUN = 'hierarchical.run';

const keyOf = (tenantId: string, missionId: string) => `${tenantId}/${missionId}`;
/** A hierarchical mission running its session keeps `running` when queued again: its stage tasks check it. */
const keepsStatus = (m: { readonly mode: MissionMode; readonly status: MissionStatus }) =>
  m.status === 'queued' || (m.mode === 'hierarchical' && m.status === 'running');
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Missions: planned by the {@link MissionPlanner}, stored (`missions`) and run as jobs of the `mission.runs` queue
 * — in-process, or BullMQ in Redis mode, where any instance may run them — each run holding a slot of the shared
 * {@link RunAdmission} and under its deadline, checkpointed after every stage by {@link MissionRun}.
 *
 * A job's id is its mission's, so one mission never runs twice at once. `resume` queues an interrupted, failed or
 * orphaned mission again; at boot (embedded mode, `mission.resumeOnBoot`) every mission left queued, running or
 * interrupted is queued again. Progress channels and wider local-file access given in-process live only as long as
 * this process: a mission resumed after a restart delivers into its record and reads files under the roots only.
 */
@Injectable()
export class MissionService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Mission');
  private readonly planner: MissionPlanner;
  /** In-process options of the missions started here, until their run ends. */
  private readonly live = new Map<string, MissionInProcessOptions>();
  /** Waiters of `waitFor`, told when a run ends here. */
  private readonly waiters = new Wakeups();
  /** Stage tasks running here, by mission: one at a time per mission (a timed-out attempt may still be running). */
  private readonly stageChains = new Map<string, Promise<unknown>>();
  /** Missions whose job is running here. */
  private readonly jobs = new Set<string>();
  private readonly policy: LazyPort<AccessPolicyPort>;
  private readonly interactions: LazyPort<InteractionLogPort>;

  constructor(
    private readonly config: AppConfig,
    private readonly missions: MissionRepository,
    private readonly metrics: MissionMetrics,
    private readonly events: EventEmitter2,
    private readonly admission: RunAdmission,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(STAGE_TOOLS) private readonly tools: StageToolsFactory,
    @Inject(LLM) private readonly llm: LlmPort,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly facade: OrchestrationFacade,
    moduleRef: ModuleRef,
  ) {
    this.policy = lazyPort(moduleRef, ACCESS_POLICY);
    this.interactions = lazyPort(moduleRef, INTERACTION_LOG);
    const useLlm = config.mission.llmPlanner && llm.enabled;
    this.planner = new MissionPlanner(
      useLlm ? llm : undefined,
      llm.enabled ? 'the LLM planner is off (mission.llmPlanner)' : 'no LLM is configured',
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process<MissionJob>(MISSION_RUNS_QUEUE, (job) => this.execute(job), {
      concurrency: this.config.autointel.concurrency,
    });
    // In-process queues do not survive a restart: missions left unfinished are queued again (Redis keeps its jobs).
    if (this.config.persistence.redisUrl || !this.config.mission.resumeOnBoot) return;
    for (const m of await this.missions.unfinished()) {
      if (!keepsStatus(m)) await this.missions.requeue(m.tenantId, m.missionId, m.status);
      await this.enqueue(m);
      this.logger.log({
        event: 'mission_resumed_at_boot',
        mission_id: m.missionId,
        tenant_id: m.tenantId,
        was: m.status,
      });
    }
  }

  /** A plan for the request, with `missionId` or a new id; counted and announced. */
  async plan(ctx: OrchestrationContext, request: MissionRequest, missionId?: string): Promise<MissionPlan> {
    const plan = await this.planner.plan(request, missionId ?? this.ids.uuid(), ctx.signal);
    this.metrics.planned(plan.depth, plan.planner.kind);
    this.emit(MissionEvent.Planned, {
      missionId: plan.missionId,
      tenantId: ctx.tenantId,
      depth: plan.depth,
      planner: plan.planner.kind,
    });
    return plan;
  }

  /**
   * Stores a queued mission of `plan` for the context's tenant and queues its run; `conflict` when the tenant
   * already has a mission with the plan's id (a plan runs once). In `hierarchical` mode the caller also needs
   * `hierarchical.run`, and the application the `hierarchical` orchestrator.
   */
  async start(
    ctx: OrchestrationContext,
    plan: MissionPlan,
    planningCostUsd: number,
    inProcess: MissionInProcessOptions = {},
    mode: MissionMode = 'pipeline',
  ): Promise<StepResult<MissionRecord>> {
    if (mode === 'hierarchical') {
      const refused = this.hierarchicalRefused(ctx);
      if (refused) return refused;
    }
    const record = newMissionRecord(plan, {
      mode,
      tenantId: ctx.tenantId,
      workspaceId: ctx.workspaceId,
      requestId: ctx.requestId,
      createdAt: this.clock.now(),
      planningCostUsd,
    });
    if (!(await this.missions.insert(record)))
      return fail(
        'conflict',
        `mission ${plan.missionId} already exists: a plan runs once; plan again for a new mission`,
      );
    this.live.set(keyOf(record.tenantId, record.missionId), inProcess);
    await this.enqueue(record);
    return ok(record);
  }

  /**
   * Queues the mission's run again from its last checkpoint: `not_found` for an unknown mission (or another
   * tenant's), `conflict` when it is completed or its run is already queued or running, `budget_exceeded` when
   * its ledger stopped it.
   */
  async resume(
    tenantId: string,
    missionId: string,
    inProcess: MissionInProcessOptions = {},
  ): Promise<StepResult<MissionRecord>> {
    const stored = await this.missions.get(tenantId, missionId);
    if (!stored) return fail('not_found', `No mission ${JSON.stringify(missionId)} for tenant ${tenantId}`);
    if (stored.status === 'budget_exceeded')
      return fail(
        'budget_exceeded',
        `mission ${missionId} stopped on its budget (${stored.error?.message ?? 'spent'}): nothing to resume`,
      );
    if (!RESUMABLE.has(stored.status))
      return fail('conflict', `mission ${missionId} is ${stored.status}: nothing to resume`);
    const key = keyOf(tenantId, missionId);
    const before = this.live.get(key);
    this.live.set(key, inProcess);
    const added = await this.enqueue(stored);
    if (added.deduplicated) {
      if (before) this.live.set(key, before);
      return fail('conflict', `mission ${missionId} is ${stored.status}: its run is already queued or running`);
    }
    if (!keepsStatus(stored) && !(await this.missions.requeue(tenantId, missionId, stored.status)))
      return ok((await this.missions.get(tenantId, missionId)) ?? stored);
    return ok(keepsStatus(stored) ? stored : { ...stored, status: 'queued' });
  }

  /**
   * Runs one stage of a hierarchical mission's run (the `mission_stage` task): `not_found` for an unknown mission,
   * `conflict` (not retried) when the run named is no longer under way or the mission has stopped; the stage's
   * error when it failed (retried as the stage says); `unavailable` (retried) when the attempt was cut short or
   * another writer checkpointed meanwhile. Its data is the stage's outcome without its result (kept in the mission).
   */
  runStage(tenantId: string, input: StageTaskInput, signal: AbortSignal): Promise<StepResult<unknown>> {
    const key = keyOf(tenantId, input.missionId);
    const turn = (this.stageChains.get(key) ?? Promise.resolve()).then(() => this.stageTurn(tenantId, input, signal));
    const chain = turn.catch(() => undefined);
    this.stageChains.set(key, chain);
    void chain.then(() => {
      if (this.stageChains.get(key) === chain) this.stageChains.delete(key);
    });
    return turn;
  }

  private async stageTurn(tenantId: string, input: StageTaskInput, signal: AbortSignal): Promise<StepResult> {
    const { missionId, runId, stage } = input;
    const record = await this.missions.get(tenantId, missionId);
    if (!record) return fail('not_found', `No mission ${JSON.stringify(missionId)} for tenant ${tenantId}`);
    if (record.runId !== runId)
      return fail('conflict', `run ${runId} of mission ${missionId} is no longer under way: its stages do not run`, {
        retryable: false,
      });
    if (record.status !== 'running')
      return fail('conflict', `mission ${missionId} is ${record.status}: its stages do not run`, { retryable: false });
    if (!record.plan.stages.some((s) => s.id === stage))
      return fail('validation', `${stage} is not a stage of mission ${missionId}`, { retryable: false });
    const inProcess = this.live.get(keyOf(tenantId, missionId)) ?? {};
    let ran;
    try {
      ran = await this.runOf(record, signal, inProcess).stage(stage);
    } catch (e) {
      if (e instanceof CheckpointConflict) return fail('unavailable', e.message, { retryable: true });
      throw e;
    }
    if (ran.kind === 'cut_short')
      return fail('unavailable', `${stage} was cut short before it finished: it runs again`, { retryable: true });
    if (ran.kind === 'stopped') {
      const error = ran.record.error ?? { message: `mission ${missionId} stopped`, category: 'processing' as const };
      this.ended(ran.record);
      return fail(error.category, error.message, { retryable: false });
    }
    if (ran.record.status === 'completed') this.ended(ran.record);
    const { result, ...outcome } = ran.outcome;
    if (outcome.status === 'failed' && result?.status === 'error')
      return fail(result.category, `${stage}: ${result.error}`, { retryable: result.retryable, data: outcome });
    return ok(outcome);
  }

  /** A mission ended by one of its stage tasks: its waiters are told (its job counts it when it sees the end). */
  private ended(record: MissionRecord): void {
    this.waiters.wake(keyOf(record.tenantId, record.missionId));
  }

  /** Why `ctx` may not start a hierarchical mission here; undefined when it may. */
  private hierarchicalRefused(ctx: OrchestrationContext): StepResult<never> | undefined {
    if (!this.facade.describe('hierarchical'))
      return fail(
        'unavailable',
        'mode hierarchical needs the hierarchical orchestrator, which this application lacks',
        {
          retryable: false,
        },
      );
    if (!ctx.principal) return undefined;
    const policy = this.policy.tryGet();
    if (!policy) return fail('forbidden', `${HIERARCHICAL_RUN} cannot be checked: no access policy is installed`);
    const decision = policy.authorize(ctx.principal, HIERARCHICAL_RUN, 'mission_orchestrator:run', ctx.requestId);
    return decision.allowed ? undefined : fail('forbidden', decision.message, { retryable: false });
  }

  get(tenantId: string, missionId: string): Promise<MissionRecord | undefined> {
    return this.missions.get(tenantId, missionId);
  }

  list(tenantId: string, limit: number, status?: MissionStatus): Promise<MissionRecord[]> {
    return this.missions.list(tenantId, limit, status);
  }

  /** The mission once its run has ended (any status but queued or running), or as it is after `timeoutMs`. */
  async waitFor(tenantId: string, missionId: string, timeoutMs: number): Promise<MissionRecord | undefined> {
    const key = keyOf(tenantId, missionId);
    let expired = false;
    const deadline = setTimeout(() => (expired = true), timeoutMs);
    try {
      for (;;) {
        const m = await this.missions.get(tenantId, missionId);
        // A settled mission whose job is still ending here (a hierarchical one following its session) is not
        // answered yet: resuming it at once would find its job still queued.
        if (!m || expired || (SETTLED.has(m.status) && !this.jobs.has(key))) return m;
        await this.waiters.next(key, WAIT_POLL_MS);
      }
    } finally {
      clearTimeout(deadline);
    }
  }

  private enqueue(job: MissionJob) {
    const { tenantId, missionId } = job;
    return this.queue.add<MissionJob>(
      MISSION_RUNS_QUEUE,
      { tenantId, missionId },
      { jobId: keyOf(tenantId, missionId), attempts: 3 },
    );
  }

  private async execute(job: Job<MissionJob>): Promise<void> {
    const { tenantId, missionId } = job.data;
    const key = keyOf(tenantId, missionId);
    const queued = await this.missions.get(tenantId, missionId);
    if (!queued || !RESUMABLE.has(queued.status)) return;
    this.jobs.add(key);
    let slot;
    try {
      slot = await this.admission.limiter.acquire(tenantId, job.signal);
    } catch (e) {
      this.jobs.delete(key);
      throw e;
    }
    try {
      // Read again: the mission may have moved on while this job waited for its slot.
      const stored = await this.missions.get(tenantId, missionId);
      if (!stored || !RESUMABLE.has(stored.status)) return;
      const ctx = OrchestrationContext.create(
        { tenantId, workspaceId: stored.workspaceId, requestId: stored.requestId, signal: job.signal },
        this.ids,
      );
      await this.admission.run(ctx, slot, async (runCtx) => ok(await this.run(stored, runCtx, key)));
    } finally {
      slot.release();
      this.live.delete(key);
      this.jobs.delete(key);
      this.waiters.wake(key);
    }
    // Interrupted by a shutdown: the queue delivers the job again (Redis), or the next boot queues it again.
    if (job.signal.aborted) throw new Error(`mission ${missionId} interrupted by shutdown`);
  }

  private async run(stored: MissionRecord, ctx: OrchestrationContext, key: string): Promise<MissionRecord> {
    const inProcess = this.live.get(key) ?? {};
    const fields = { mission_id: stored.missionId, tenant_id: stored.tenantId, request_id: stored.requestId };
    try {
      const done =
        stored.mode === 'hierarchical'
          ? await new MissionSessionRun(
              {
                facade: this.facade,
                read: (tenantId, missionId) => this.missions.get(tenantId, missionId),
                attach: (tenantId, missionId, runId, sessionId) =>
                  this.missions.attachSession(tenantId, missionId, runId, sessionId),
                runOf: (record) => this.runOf(record, ctx.signal, inProcess),
                newRunId: () => this.ids.uuid(),
                pause: () => this.waiters.next(key, SESSION_POLL_MS),
                pollMs: SESSION_POLL_MS,
                heartbeatMs: HEARTBEAT_MS,
              },
              ctx,
            ).execute(stored)
          : await this.runOf(stored, ctx.signal, inProcess).execute();
      if (ctx.signal.aborted && done.status === 'running') return done;
      this.metrics.ran(done.status);
      const line = { event: 'mission_run_finished', ...fields, status: done.status, error: done.error?.message };
      if (done.status === 'completed') this.logger.log(line);
      else this.logger.warn(line);
      return done;
    } catch (e) {
      // A checkpoint could not be written: the mission keeps its last stored state, to be resumed.
      this.logger.error({ event: 'mission_run_broken', ...fields, error: errorText(e) });
      this.metrics.ran('failed');
      return stored;
    }
  }

  private runOf(record: MissionRecord, signal: AbortSignal, inProcess: MissionInProcessOptions): MissionRun {
    return new MissionRun(
      {
        tools: this.tools,
        clock: this.clock,
        llmEnabled: this.llm.enabled,
        experimentalDepth: this.config.autointel.experimentalDepth,
        save: (m) => this.missions.save(m),
        emit: (event, payload) => this.emit(event, payload),
        spent: (amounts) => this.metrics.spent(amounts),
        interaction: (interaction) => this.recordInteraction(interaction),
      },
      record,
      { signal, progress: inProcess.progress ?? new NullProgress(), localFiles: inProcess.localFiles },
    );
  }

  /** A stage's interaction, into the log when a module provides one; a log that fails is logged, never thrown. */
  private recordInteraction(interaction: Interaction): void {
    try {
      this.interactions.tryGet()?.record(interaction);
    } catch (e) {
      this.logger.warn({ event: 'interaction_not_recorded', mission_id: interaction.runId, err: e });
    }
  }

  private emit(event: string, payload: Readonly<Record<string, unknown>>): void {
    try {
      this.events.emit(event, payload);
    } catch (e) {
      this.logger.warn({ event: 'mission_listener_failed', mission_event: event, error: errorText(e) });
    }
  }
}
