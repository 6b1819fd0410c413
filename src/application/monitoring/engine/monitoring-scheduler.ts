import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DEFAULT_WORKSPACE } from '../../../core/context/orchestration-context';
import type { ContentRunsPort } from '../../../core/ports/content-runs.port';
import type { Clock } from '../../../core/runtime/clock';
import type { IdGenerator } from '../../../core/runtime/id-generator';
import type { RandomSource } from '../../../core/runtime/random';
import type { CheckSummary, MonitoringEngine, MonitoringStatus, PlannedCheck } from '../monitoring.engine';
import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { FeedWatcher, Source, SourceState } from '../monitoring.types';
import { CheckLimiter } from './check-limiter';
import { drawJitterMs, gatedTime, nextSlot } from './check-plan';
import type { CheckTimers } from './check-timers';
import type { MonitoringEventSink } from './monitoring.events';
import type { MonitoringMetrics } from './monitoring.metrics';
import { plannedChecks, tenantStatus } from './monitoring-status';
import { RunStarter } from './run-starter';
import type { MonitoringScheduleConfig } from './schedule.config';
import { SourceCheck } from './source-check';
import { sourceJobId, type DistributedSourceJobs, type SourceJobRef } from './source-jobs';
import { TenantCounters } from './tenant-counters';

/** Sources listed at start, at most (every tenant's enabled sources). */
export const MAX_SOURCES = 100_000;
/** Waiting items counted by `status`, at most. */
export const WAITING_SCAN_LIMIT = 10_000;
const DRAIN_TIMER = 'monitoring.drain';

export interface MonitoringSchedulerDeps {
  readonly store: MonitoringStore;
  readonly watchers: readonly FeedWatcher[];
  /** The content-runs port, resolved on first use. */
  readonly runs: () => ContentRunsPort;
  readonly events: MonitoringEventSink;
  readonly metrics: MonitoringMetrics;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly ids: IdGenerator;
  readonly config: MonitoringScheduleConfig;
  /** In-process mode: this instance plans and fires every check. */
  readonly timers: CheckTimers;
  /** Redis mode: repeatable jobs shared by the instances (`timers` are then unused). */
  readonly distributed?: DistributedSourceJobs | null;
}

/** A source planned on this instance (in-process mode). */
interface Job {
  readonly scope: TenantScope;
  readonly sourceId: string;
  configuredIntervalSeconds: number;
  jitterSeconds: number;
  jitterMs: number;
  intervalMs: number;
  priority: number;
  /** The slot of the last check that ran, or the anchor (start, enabling) before the first. */
  base: number;
  /** The slot of the next check. */
  slot: number;
  /** When the next check fires: slot + jitter, after backoff and quiet hours. */
  dueAt: number;
}

/**
 * The monitoring engine: checks each enabled source on its own schedule, not per platform.
 *
 * Rules: the first check at start + interval + the source's jitter (or at once with `checkOnStart`); each next
 * check on the grid `previous slot + interval` (missed slots skipped, so a slow check never shifts the grid); the
 * jitter is drawn once per source from the seeded random source, in `[0, jitterSeconds]`; a check never runs
 * before the source's `backoffUntil` nor inside its quiet hours (it moves to the window's end); at most
 * `maxConcurrentChecks` checks run at once, waiting ones start by priority, then due time; a source's check never
 * overlaps itself; with `adaptive` the interval follows the source's posting rate. `sourceChanged` applies
 * enable/disable, interval, jitter and quiet-hour changes at run time; a new interval is counted from the last
 * check, or from the start before the first.
 *
 * In Redis mode each source is a BullMQ job scheduler shared by the instances (exactly one instance checks a
 * source per period); backoff and quiet hours then skip the periods they cover.
 */
export class MonitoringScheduler implements MonitoringEngine, OnApplicationShutdown {
  private readonly logger = new Logger(MonitoringScheduler.name);
  private readonly jobs = new Map<string, Job>();
  private readonly inFlight = new Map<string, Promise<CheckSummary | undefined>>();
  private readonly watchers: ReadonlyMap<string, FeedWatcher>;
  private readonly counters = new TenantCounters();
  private readonly limiter: CheckLimiter;
  private readonly check: SourceCheck;
  private readonly starter: RunStarter;
  private abort = new AbortController();
  private running = false;
  private startedAt: number | null = null;
  private draining: Promise<void> | null = null;
  /** Each source's tenant scope as last seen, to find the workspace of a waiting item's source. */
  private readonly scopes = new Map<string, TenantScope>();

  constructor(private readonly deps: MonitoringSchedulerDeps) {
    this.watchers = new Map(deps.watchers.map((w) => [w.platform, w]));
    this.limiter = new CheckLimiter(deps.config.maxConcurrentChecks);
    this.starter = new RunStarter({
      store: deps.store,
      runs: deps.runs,
      sourceOf: (tenantId, sourceId) => this.sourceOf(tenantId, sourceId),
      events: deps.events,
      metrics: deps.metrics,
      counters: this.counters,
      clock: deps.clock,
      ids: deps.ids,
    });
    this.check = new SourceCheck({
      store: deps.store,
      watcherFor: (p) => this.watchers.get(p),
      runs: this.starter,
      events: deps.events,
      metrics: deps.metrics,
      counters: this.counters,
      clock: deps.clock,
      adaptive: deps.config.adaptive,
    });
  }

  async start(): Promise<{ readonly started: boolean }> {
    if (this.running) return { started: false };
    this.running = true;
    this.abort = new AbortController();
    this.counters.reset();
    const now = this.deps.clock.now();
    this.startedAt = now;
    const listed = await this.deps.store.dueSources(Number.MAX_SAFE_INTEGER, MAX_SOURCES);
    const { distributed } = this.deps;
    if (distributed) {
      distributed.listen({ check: (ref, signal) => this.runDistributed(ref, signal), drain: () => this.drain() });
      await distributed.drainEvery(this.deps.config.drainIntervalMs);
      for (const { source, state } of listed) await this.upsertDistributed(source, state, now);
    } else {
      for (const { source, state } of listed) await this.plan(source, state, now, this.deps.config.checkOnStart);
      this.armDrain();
    }
    this.logger.log({ event: 'monitoring_started', sources: listed.length, distributed: Boolean(distributed) });
    return { started: true };
  }

  async stop(): Promise<{ readonly stopped: boolean }> {
    if (!this.running) return { stopped: false };
    this.running = false;
    for (const key of this.jobs.keys()) this.deps.timers.clear(key);
    this.jobs.clear();
    this.deps.timers.clear(DRAIN_TIMER);
    const pending = [...this.inFlight.values(), ...(this.draining ? [this.draining] : [])];
    const finished = await settleWithin(pending, this.deps.config.stopTimeoutMs);
    if (!finished) this.logger.warn({ event: 'monitoring_stop_timeout', checks: this.inFlight.size });
    // Checks still running are told to give up; their state is saved when they end.
    this.abort.abort();
    await this.deps.distributed?.close(this.deps.config.stopTimeoutMs);
    return { stopped: true };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.deps.distributed?.dispose(this.deps.config.stopTimeoutMs);
  }

  async status(scope: TenantScope): Promise<MonitoringStatus> {
    const rows = await this.rows(scope);
    const waiting = await this.deps.store.itemsWithoutRun(WAITING_SCAN_LIMIT);
    return tenantStatus(rows, this.counters.of(scope.tenantId), {
      running: this.running,
      startedAt: this.startedAt,
      now: this.deps.clock.now(),
      itemsWaiting: waiting.filter((i) => i.tenantId === scope.tenantId).length,
    });
  }

  async nextChecks(scope: TenantScope, limit: number): Promise<PlannedCheck[]> {
    const rows = await this.rows(scope);
    const planned = rows.map((r) => ({
      ...r,
      nextCheckAt: this.jobs.get(keyOf(r.source))?.dueAt ?? r.state?.nextCheckAt ?? null,
    }));
    return plannedChecks(planned, this.deps.clock.now(), limit);
  }

  async checkNow(scope: TenantScope, sourceId: string): Promise<CheckSummary | undefined> {
    const source = await this.deps.store.getSource(scope, sourceId);
    if (!source) return undefined;
    this.scopes.set(keyOf(source), scope);
    // Outside the concurrency bound (an operator or a push asked for it), but never beside the source's own check.
    return this.track(source.tenantId, sourceId, () => this.checkOnce(scope, sourceId));
  }

  async sourceChanged(scope: TenantScope, sourceId: string): Promise<void> {
    const [source, state] = await Promise.all([
      this.deps.store.getSource(scope, sourceId),
      this.deps.store.getState(scope, sourceId),
    ]);
    if (!source || !state) return this.sourceRemoved(scope, sourceId);
    const now = this.deps.clock.now();
    const key = keyOf(source);
    this.scopes.set(key, scope);
    const job = this.jobs.get(key);
    // A changed configured interval replaces the adapted one; so does a first plan, which starts from the setting.
    const configured = this.withInterval(
      source,
      state,
      !job || source.intervalSeconds !== job.configuredIntervalSeconds,
    );
    if (!this.running || this.deps.distributed) {
      const nextCheckAt = source.enabled ? (state.nextCheckAt ?? now + source.intervalSeconds * 1000) : null;
      await this.deps.store.saveState({ ...configured, nextCheckAt });
      if (!this.running) return;
      if (source.enabled) await this.upsertDistributed(source, configured, now);
      else await this.deps.distributed?.remove({ tenantId: source.tenantId, sourceId: source.id });
      return;
    }
    if (!source.enabled) {
      this.unplan(key);
      await this.deps.store.saveState({ ...configured, nextCheckAt: null });
      return;
    }
    if (!job) return this.plan(source, configured, now, false);
    job.priority = source.priority;
    if (source.jitterSeconds !== job.jitterSeconds) {
      job.jitterSeconds = source.jitterSeconds;
      job.jitterMs = drawJitterMs(source.jitterSeconds, () => this.deps.random.next());
    }
    if (source.intervalSeconds !== job.configuredIntervalSeconds) {
      job.configuredIntervalSeconds = source.intervalSeconds;
      job.intervalMs = this.intervalMs(source, configured);
      job.slot = nextSlot(job.base, job.intervalMs, job.jitterMs, now);
    }
    await this.arm(job, source, configured);
  }

  async sourceRemoved(scope: TenantScope, sourceId: string): Promise<void> {
    this.unplan(sourceJobId({ tenantId: scope.tenantId, sourceId }));
    if (this.running) await this.deps.distributed?.remove({ tenantId: scope.tenantId, sourceId });
  }

  /** Starts runs for items that waited for run capacity (the drain job's tick; also callable directly). */
  async drain(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = this.starter
      .drain(this.deps.config.drainBatchSize)
      .then(() => undefined)
      .catch((e: unknown) => this.logger.error({ event: 'monitoring_drain_failed', err: e }))
      .finally(() => (this.draining = null));
    return this.draining;
  }

  // In-process planning

  private async plan(source: Source, state: SourceState, now: number, immediately: boolean): Promise<void> {
    const jitterMs = drawJitterMs(source.jitterSeconds, () => this.deps.random.next());
    const intervalMs = this.intervalMs(source, state);
    // "At once" puts the first slot at now − jitter, so every check stays at `slot + jitter` on one grid.
    const slot = immediately ? now - jitterMs : now + intervalMs;
    const job: Job = {
      scope: { tenantId: source.tenantId, workspaceId: source.workspaceId },
      sourceId: source.id,
      priority: source.priority,
      configuredIntervalSeconds: source.intervalSeconds,
      jitterSeconds: source.jitterSeconds,
      jitterMs,
      intervalMs,
      base: slot - intervalMs,
      slot,
      dueAt: slot + jitterMs,
    };
    const key = keyOf(source);
    this.jobs.set(key, job);
    this.scopes.set(key, job.scope);
    await this.arm(job, source, state);
  }

  /** Sets the job's timer for its slot (after backoff and quiet hours) and stores the planned time. */
  private async arm(job: Job, source: Source, state: SourceState): Promise<void> {
    job.dueAt = gatedTime(job.slot + job.jitterMs, { backoffUntil: state.backoffUntil, quietHours: source.quietHours });
    await this.deps.store.saveState({ ...state, nextCheckAt: job.dueAt });
    const key = keyOf(source);
    if (!this.running || this.jobs.get(key) !== job) return;
    this.deps.timers.set(key, job.dueAt, () => void this.fire(key, job));
  }

  private unplan(key: string): void {
    this.jobs.delete(key);
    this.deps.timers.clear(key);
  }

  /** A planned check is due: run it (unless the source's own check is running), then plan the next slot. */
  private async fire(key: string, job: Job): Promise<void> {
    if (!this.running || this.jobs.get(key) !== job) return;
    try {
      const { source, state } = await this.load(job.scope, job.sourceId);
      if (!source || !state || !source.enabled) return this.unplan(key);
      const due = gatedTime(job.slot + job.jitterMs, {
        backoffUntil: state.backoffUntil,
        quietHours: source.quietHours,
      });
      // A backoff or quiet hours set after the timer was: wait for them.
      if (due > this.deps.clock.now()) return await this.arm(job, source, state);
      job.priority = source.priority;
      if (!this.inFlight.has(key)) {
        await this.track(job.scope.tenantId, job.sourceId, () =>
          this.limiter.run(job.priority, job.dueAt, () => this.checkOnce(job.scope, job.sourceId)),
        );
      }
      job.base = job.slot;
    } catch (e) {
      this.logger.error({
        event: 'monitoring_check_crashed',
        tenant_id: job.scope.tenantId,
        source_id: job.sourceId,
        err: e,
      });
    }
    await this.replan(key, job).catch((e: unknown) =>
      this.logger.error({
        event: 'monitoring_plan_failed',
        tenant_id: job.scope.tenantId,
        source_id: job.sourceId,
        err: e,
      }),
    );
  }

  /** The slot after the one just run, on the source's grid, with the interval the last check left. */
  private async replan(key: string, job: Job): Promise<void> {
    if (!this.running || this.jobs.get(key) !== job) return;
    const { source, state } = await this.load(job.scope, job.sourceId);
    if (!source || !state || !source.enabled) return this.unplan(key);
    job.intervalMs = this.intervalMs(source, state);
    job.slot = nextSlot(job.slot, job.intervalMs, job.jitterMs, this.deps.clock.now());
    await this.arm(job, source, state);
  }

  private armDrain(): void {
    const at = this.deps.clock.now() + this.deps.config.drainIntervalMs;
    this.deps.timers.set(DRAIN_TIMER, at, () => {
      void this.drain().finally(() => {
        if (this.running) this.armDrain();
      });
    });
  }

  // Redis mode

  private async upsertDistributed(source: Source, state: SourceState, now: number): Promise<void> {
    const everyMs = this.intervalMs(source, state);
    const jitterMs = drawJitterMs(source.jitterSeconds, () => this.deps.random.next());
    const startAt = this.deps.config.checkOnStart ? now : now + everyMs + jitterMs;
    this.scopes.set(keyOf(source), { tenantId: source.tenantId, workspaceId: source.workspaceId });
    await this.deps.store.saveState({ ...state, nextCheckAt: startAt });
    await this.deps.distributed?.upsert(
      { tenantId: source.tenantId, workspaceId: source.workspaceId, sourceId: source.id },
      everyMs,
      startAt,
    );
  }

  /** A period of a source's shared job, taken by this instance: checked unless backoff or quiet hours cover it. */
  private async runDistributed(ref: SourceJobRef, signal: AbortSignal): Promise<void> {
    const scope = { tenantId: ref.tenantId, workspaceId: ref.workspaceId };
    const { source, state } = await this.load(scope, ref.sourceId);
    if (!source || !state || !source.enabled) {
      await this.deps.distributed?.remove(ref);
      return;
    }
    const now = this.deps.clock.now();
    if (gatedTime(now, { backoffUntil: state.backoffUntil, quietHours: source.quietHours }) > now) return;
    const everyMs = this.intervalMs(source, state);
    const summary = await this.track(ref.tenantId, ref.sourceId, () =>
      this.limiter.run(source.priority, now, () => this.checkOnce(scope, ref.sourceId, signal)),
    );
    const after = (await this.deps.store.getState(scope, ref.sourceId)) ?? state;
    const nextEveryMs = this.intervalMs(source, after);
    await this.deps.store.saveState({ ...after, nextCheckAt: this.deps.clock.now() + nextEveryMs });
    // The adapted interval changed: the shared job follows it.
    if (summary && nextEveryMs !== everyMs) await this.deps.distributed?.upsert(ref, nextEveryMs, now + nextEveryMs);
  }

  // Shared

  private async checkOnce(
    scope: TenantScope,
    sourceId: string,
    signal?: AbortSignal,
  ): Promise<CheckSummary | undefined> {
    const { source, state } = await this.load(scope, sourceId);
    if (!source || !state) return undefined;
    const aborted = signal ? AbortSignal.any([this.abort.signal, signal]) : this.abort.signal;
    const done = await this.check.run(source, state, aborted);
    return {
      sourceId,
      status: done.status,
      errorKind: done.errorKind,
      newItems: done.newItems,
      runsStarted: done.runsStarted,
      nextCheckAt: this.jobs.get(keyOf(source))?.dueAt ?? state.nextCheckAt,
    };
  }

  /** Runs `task` as the source's only check: while one runs, callers get that one. */
  private track(
    tenantId: string,
    sourceId: string,
    task: () => Promise<CheckSummary | undefined>,
  ): Promise<CheckSummary | undefined> {
    const key = sourceJobId({ tenantId, sourceId });
    const running = this.inFlight.get(key);
    if (running) return running;
    const run = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  private async load(scope: TenantScope, sourceId: string): Promise<{ source?: Source; state?: SourceState }> {
    const [source, state] = await Promise.all([
      this.deps.store.getSource(scope, sourceId),
      this.deps.store.getState(scope, sourceId),
    ]);
    return { source, state };
  }

  private async rows(scope: TenantScope): Promise<{ source: Source; state: SourceState | undefined }[]> {
    const sources = await this.deps.store.listSources(scope);
    return Promise.all(
      sources.map(async (source) => ({ source, state: await this.deps.store.getState(scope, source.id) })),
    );
  }

  private sourceOf(tenantId: string, sourceId: string): Promise<Source | undefined> {
    const scope = this.scopes.get(sourceJobId({ tenantId, sourceId })) ?? { tenantId, workspaceId: DEFAULT_WORKSPACE };
    return this.deps.store.getSource(scope, sourceId);
  }

  /** The interval checks use: the adapted one when `adaptive`, else the configured one. */
  private intervalMs(source: Source, state: SourceState): number {
    return (this.deps.config.adaptive ? state.currentIntervalSeconds : source.intervalSeconds) * 1000;
  }

  /** The state with its interval reset to the configured one when `reset`, else kept within the source's bounds. */
  private withInterval(source: Source, state: SourceState, reset: boolean): SourceState {
    const current = reset
      ? source.intervalSeconds
      : Math.min(source.maxIntervalSeconds, Math.max(source.minIntervalSeconds, state.currentIntervalSeconds));
    return current === state.currentIntervalSeconds ? state : { ...state, currentIntervalSeconds: current };
  }
}

/** A source's key: its job and timer name. */
function keyOf(source: Source): string {
  return sourceJobId({ tenantId: source.tenantId, sourceId: source.id });
}

/** Whether every promise settled within `timeoutMs`. */
async function settleWithin(pending: readonly Promise<unknown>[], timeoutMs: number): Promise<boolean> {
  if (pending.length === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  const settled = Promise.allSettled(pending).then(() => true as const);
  const result = await Promise.race([settled, timedOut]);
  clearTimeout(timer);
  return result;
}
