import type { Interaction } from '../../../core/ports/interaction-log.port';
import type { ErrorCategory } from '../../../core/result/error-category';
import { fail } from '../../../core/result/step-result';
import type { Clock } from '../../../core/runtime/clock';
import {
  effectiveDepth,
  RequestBudget,
  runStage,
  runWithBudget,
  type ProgressPort,
  type StageId,
  type StageResult,
  type StageTools,
  type StageToolsFactory,
} from '../../crew';
import { ENDED_EVENT, MissionEvent } from '../mission.events';
import { RESUMABLE, type MissionRecord, type StageOutcome } from '../mission.types';
import { isDone, outcomeOf, settledCrewStages, withOutcome } from './checkpoint';
import { BudgetGuard, type Amounts } from '../planning/budget-guard';
import type { MissionPlan } from '../planning/mission-plan';
import { communicationStage, planningStage } from './own-stages';
import { CREW_STAGE_OF, estimateOf, limitsOf, replan } from './stage-costs';
import { stageRoles } from './stage-session';

/** What every mission run shares. */
export interface MissionRunDeps {
  readonly tools: StageToolsFactory;
  readonly clock: Clock;
  /** Whether crew stages may call an LLM (their cost estimates are then not zero). */
  readonly llmEnabled: boolean;
  /** The experimental-depth gate: off, experimental missions run their stages at comprehensive depth. */
  readonly experimentalDepth: boolean;
  /**
   * Writes the checkpoint (the whole record, after every stage) over the revision it was made from; false when
   * another writer checkpointed the mission in between.
   */
  readonly save: (record: MissionRecord) => Promise<boolean>;
  readonly emit: (event: string, payload: Readonly<Record<string, unknown>>) => void;
  /** What a stage really spent, for the metrics. */
  readonly spent: (amounts: Amounts) => void;
  /** Records a stage that ran in the interaction log; never throws. */
  readonly interaction?: (interaction: Interaction) => void;
}

/** One run's live objects: its signal (shutdown, deadline), where it delivers, which local files it may read. */
export interface MissionRunOptions {
  readonly signal: AbortSignal;
  readonly progress: ProgressPort;
  readonly localFiles?: 'roots' | 'any';
}

/** What one stage run in hierarchical mode came to. */
export type StageRun =
  /** The stage has its outcome (now, or from before); `record` is the mission after it (completed after the last). */
  | { readonly kind: 'ran'; readonly outcome: StageOutcome; readonly record: MissionRecord }
  /** The mission stopped on this stage (`budget_exceeded`, or `failed` acquisition): no stage runs after it. */
  | { readonly kind: 'stopped'; readonly record: MissionRecord }
  /** The signal aborted before the stage finished: what it spent is in the ledger; it runs again. */
  | { readonly kind: 'cut_short' };

/** Another writer checkpointed the mission since this run read it: this run's state is stale and stops. */
export class CheckpointConflict extends Error {
  constructor(missionId: string) {
    super(`mission ${missionId} was checkpointed by another run meanwhile: this run stops`);
    this.name = 'CheckpointConflict';
  }
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One run of a mission's plan from its last checkpoint: stage after stage in plan order, through the crew's stage
 * library (pipeline first: acquisition is always the first stage after planning), each reserving its estimate in
 * the budget ledger before it starts and reconciling what it spent after (dollars through the crew's request
 * budget, so its LLM calls are priced and bounded by what is left). The record is checkpointed after every stage.
 *
 * A stage with a completed, skipped or dropped outcome is never run again, and the crew stages settled before
 * (planned or pulled as inputs) are handed to the stage library, so a resumed run repeats none of their side
 * effects. The run stops with `budget_exceeded` when a reservation is refused or a stage's spend breaches a limit,
 * with `failed` when acquisition fails, and `interrupted` when its signal aborts (a stage cut short is run again on
 * resume). Before each stage, a projected overspend drops the medium and low stages left (rule-based replan).
 */
export class MissionRun {
  private record: MissionRecord;
  private readonly guard: BudgetGuard;
  private tools!: StageTools;
  /** Running one stage (hierarchical mode): a stage cut short leaves the mission running, to be run again. */
  private single = false;
  private cutShort = false;

  constructor(
    private readonly deps: MissionRunDeps,
    record: MissionRecord,
    private readonly options: MissionRunOptions,
  ) {
    this.record = record;
    this.guard = new BudgetGuard(limitsOf(record.plan), record.ledger);
  }

  async execute(): Promise<MissionRecord> {
    const spent = await this.begin(null);
    if (spent) return spent;
    for (const [i, stage] of this.plan.stages.entries()) {
      if (isDone(this.record, stage.id)) continue;
      if (this.options.signal.aborted) return this.interrupted(stage.id);
      await this.replanBefore(i);
      if (isDone(this.record, stage.id)) continue;
      const stopped = await this.runOne(stage.id);
      if (stopped) return stopped;
    }
    return this.finish('completed', null);
  }

  /**
   * Starts a run of the plan from the last checkpoint: spends one iteration at once (so a mission that keeps
   * crashing still runs out of them), marks the mission `running` under `runId` (hierarchical mode) and opens the
   * stage tools. The final record when the iterations budget is spent, else undefined.
   */
  async begin(runId: string | null): Promise<MissionRecord | undefined> {
    if (!RESUMABLE.has(this.record.status))
      throw new Error(`mission ${this.record.missionId} is ${this.record.status}: it cannot run`);
    const start = this.guard.reserve({ iterations: 1 });
    if (!start.ok)
      return this.finish('budget_exceeded', {
        message: `the iterations budget (${this.plan.budget.iterations}) is spent: the mission was started ${this.record.attempts} times`,
        category: 'budget_exceeded',
      });
    this.guard.reconcile(start.reservation, { iterations: 1 });
    this.deps.spent({ iterations: 1 });
    const depth = effectiveDepth(this.plan.depth, this.deps.experimentalDepth);
    const notice = 'experimental depth is not enabled here: the stages run at comprehensive depth';
    this.update({
      status: 'running',
      runId,
      attempts: this.record.attempts + 1,
      startedAt: this.deps.clock.now(),
      finishedAt: null,
      error: null,
      ledger: this.guard.snapshot(),
      decisions:
        depth.downgraded && !this.record.decisions.includes(notice)
          ? [...this.record.decisions, notice]
          : this.record.decisions,
    });
    await this.checkpoint();
    this.emit(MissionEvent.Started, { attempt: this.record.attempts });
    this.openTools();
    return undefined;
  }

  /**
   * Runs one stage of the run under way (hierarchical mode, where each stage is a task): nothing when it already has
   * a kept outcome; else the replan check, then the stage between its reservation and its reconciliation, and the
   * checkpoint. After the plan's last stage the mission is `completed`.
   */
  async stage(stageId: string): Promise<StageRun> {
    const index = this.plan.stages.findIndex((s) => s.id === stageId);
    if (index < 0) throw new Error(`${stageId} is not a stage of mission ${this.record.missionId}`);
    if (this.record.status !== 'running')
      throw new Error(`mission ${this.record.missionId} is ${this.record.status}: its stages cannot run`);
    this.single = true;
    if (!isDone(this.record, stageId)) {
      this.openTools();
      await this.replanBefore(index);
    }
    if (!isDone(this.record, stageId)) {
      const stopped = await this.runOne(stageId);
      if (this.cutShort) return { kind: 'cut_short' };
      if (stopped) return { kind: 'stopped', record: stopped };
    }
    if (this.plan.stages.every((s) => isDone(this.record, s.id))) await this.finish('completed', null);
    return { kind: 'ran', outcome: outcomeOf(this.record, stageId)!, record: this.record };
  }

  private openTools(): void {
    const { missionId, url, tenantId, workspaceId } = this.record;
    this.tools = this.deps.tools.create({
      workflowId: missionId,
      url,
      depth: effectiveDepth(this.plan.depth, this.deps.experimentalDepth).effective,
      tenantId,
      workspaceId,
      signal: this.options.signal,
      localFiles: this.options.localFiles,
      settled: settledCrewStages(this.record),
    });
  }

  /** The mission as this run last checkpointed it. */
  get current(): MissionRecord {
    return this.record;
  }

  /** Ends the mission with `status` (from outside its stages: its session ended without completing it). */
  stop(
    status: 'failed' | 'interrupted',
    error: { readonly message: string; readonly category: ErrorCategory },
  ): Promise<MissionRecord> {
    return this.finish(status, error);
  }

  private get plan(): MissionPlan {
    return this.record.plan;
  }

  /** Runs one stage between its reservation and its reconciliation; the final record when the mission stops. */
  private async runOne(stageId: string): Promise<MissionRecord | undefined> {
    const reserved = this.guard.reserve(this.estimate(stageId));
    if (!reserved.ok)
      return this.finish('budget_exceeded', {
        message: `${stageId} needs ${reserved.needed} ${reserved.resource}, only ${reserved.left} left: the mission stops`,
        category: 'budget_exceeded',
      });
    const before = new Set(Object.keys(this.tools.results()));
    const costLeft = Math.max(0, this.guard.limits.costUsd - this.guard.snapshot().costUsd);
    const budget = new RequestBudget({ totalLimit: costLeft, perTaskLimits: {} });
    const startedAt = this.deps.clock.now();
    const t0 = this.deps.clock.monotonic();
    let result: StageResult;
    try {
      result = await runWithBudget(budget, () => this.perform(stageId));
    } catch (e) {
      result = fail('internal', `${stageId} failed: ${errorText(e)}`);
    }
    const crewStage = CREW_STAGE_OF[stageId] as StageId | undefined;
    const settled = this.tools.results();
    const newly = (Object.keys(settled) as StageId[]).filter((id) => !before.has(id));
    const spent = {
      costUsd: round(budget.spent + (stageId === 'mission_planning' ? this.record.planningCostUsd : 0)),
      toolCalls: newly.length + (stageId === 'communication' && result.status === 'ok' ? 1 : 0),
      seconds: round((this.deps.clock.monotonic() - t0) / 1000),
    };
    this.guard.reconcile(reserved.reservation, spent);
    this.deps.spent(spent);
    const pulled = { ...this.record.pulled };
    for (const id of newly) if (id !== crewStage) pulled[id] = settled[id];
    this.update({ ledger: this.guard.snapshot(), pulled });
    // A stage cut short by the signal did not really finish: it runs again on resume.
    if (this.options.signal.aborted && result.status !== 'ok') return this.interrupted(stageId);
    const status = result.status === 'error' ? 'failed' : result.status === 'skipped' ? 'skipped' : 'completed';
    const reason = result.status === 'error' ? result.error : result.status === 'skipped' ? result.reason : undefined;
    this.setOutcome({
      id: stageId,
      status,
      ...(crewStage ? { crewStage } : {}),
      result,
      ...(reason === undefined ? {} : { reason }),
      spent,
      startedAt,
      finishedAt: this.deps.clock.now(),
    });
    await this.checkpoint();
    this.recordStage(stageId, crewStage, result, t0);
    this.emit(MissionEvent.StageCompleted, { stage: stageId, status, spent });
    if (stageId === 'acquisition' && result.status === 'error')
      return this.finish('failed', { message: `acquisition: ${result.error}`, category: result.category });
    const breached = this.guard.breached();
    if (breached)
      return this.finish('budget_exceeded', {
        message: `${stageId} brought the ${breached} spent to ${this.guard.snapshot()[breached]}, over the limit ${this.guard.limits[breached]}: the mission stops`,
        category: 'budget_exceeded',
      });
    return undefined;
  }

  /**
   * The stage's interaction: the roster role it went to as the agent, the stage id as the task type, the mission as
   * the run, its crew stage as its one tool. Stages give data, not a reply to score: quality is null.
   */
  private recordStage(stageId: string, crewStage: StageId | undefined, result: StageResult, t0: number): void {
    if (!this.deps.interaction) return;
    const tools = crewStage ? [crewStage] : [];
    this.deps.interaction({
      tenantId: this.record.tenantId,
      agent: stageRoles(this.plan).get(stageId) ?? 'mission_orchestrator',
      taskType: stageId,
      source: 'mission',
      runId: this.record.missionId,
      tools,
      toolSequence: tools,
      durationMs: round(this.deps.clock.monotonic() - t0),
      outcome: result.status,
      quality: null,
      error: result.status === 'error' ? result.error : null,
      at: this.deps.clock.now(),
    });
  }

  private perform(stageId: string): Promise<StageResult> {
    const post = (text: string) => this.post(text);
    if (stageId === 'mission_planning') return planningStage(this.plan, post);
    if (stageId === 'communication') {
      const briefing = outcomeOf(this.record, 'briefing')?.result ?? this.tools.results().S12;
      return communicationStage(this.record.missionId, briefing, this.options.progress, post);
    }
    const crewStage = CREW_STAGE_OF[stageId];
    if (!crewStage) return Promise.resolve(fail('validation', `${stageId} is not a stage this mission can run`));
    return runStage(this.tools, crewStage);
  }

  private async post(text: string): Promise<void> {
    await this.options.progress.post(text);
    this.update({ messages: [...this.record.messages, text] });
  }

  private async replanBefore(index: number): Promise<void> {
    const remaining = this.plan.stages.slice(index).filter((s) => !isDone(this.record, s.id));
    const change = replan(remaining, this.guard, (id) => this.estimate(id));
    if (!change) return;
    const now = this.deps.clock.now();
    for (const id of change.dropped)
      this.setOutcome({ id, status: 'dropped', reason: change.decision, spent: {}, startedAt: now, finishedAt: now });
    this.update({ decisions: [...this.record.decisions, change.decision] });
    await this.checkpoint();
    this.emit(MissionEvent.Replanned, { dropped: change.dropped, decision: change.decision });
  }

  private estimate(stageId: string): Amounts {
    return estimateOf(stageId, this.plan, {
      llmEnabled: this.deps.llmEnabled,
      planningCostUsd: this.record.planningCostUsd,
    });
  }

  private async interrupted(stageId: string): Promise<MissionRecord> {
    if (this.single) {
      this.cutShort = true;
      await this.checkpoint();
      return this.record;
    }
    const reason = this.options.signal.reason as unknown;
    return this.finish('interrupted', {
      message: `interrupted before ${stageId} finished${reason === undefined ? '' : `: ${errorText(reason)}`}`,
      category: 'unavailable',
    });
  }

  private async finish(
    status: keyof typeof ENDED_EVENT,
    error: { readonly message: string; readonly category: ErrorCategory } | null,
  ): Promise<MissionRecord> {
    this.update({ status, error, ledger: this.guard.snapshot(), finishedAt: this.deps.clock.now() });
    await this.checkpoint();
    this.emit(ENDED_EVENT[status], error ? { error: error.message } : {});
    return this.record;
  }

  private async checkpoint(): Promise<void> {
    if (!(await this.deps.save(this.record))) throw new CheckpointConflict(this.record.missionId);
    this.update({ revision: this.record.revision + 1 });
  }

  private setOutcome(outcome: StageOutcome): void {
    this.update({ stages: withOutcome(this.record, outcome) });
  }

  private update(change: Partial<MissionRecord>): void {
    this.record = { ...this.record, ...change };
  }

  private emit(event: string, payload: Readonly<Record<string, unknown>>): void {
    this.deps.emit(event, { missionId: this.record.missionId, tenantId: this.record.tenantId, ...payload });
  }
}
