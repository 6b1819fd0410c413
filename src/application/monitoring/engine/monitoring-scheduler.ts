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
import type { CheckTimers } from './check-timers';
import { DistributedPlanner } from './distributed-planner';
import { keyOf, LocalPlanner } from './local-planner';
import type { MonitoringEventSink } from './monitoring.events';
import type { MonitoringMetrics } from './monitoring.metrics';
import { plannedChecks, tenantStatus } from './monitoring-status';
import { RunStarter } from './run-starter';
import type { MonitoringScheduleConfig } from './schedule.config';
import { SourceCheck, type SourceCheckDeps } from './source-check';
import { sourceJobId, type DistributedSourceJobs } from './source-jobs';
import { TenantCounters } from './tenant-counters';

/** Sources listed at start, at most (every tenant's enabled sources). */
export const MAX_SOURCES = 100_000;
/** Waiting items counted by `status`, at most. */
export const WAITING_SCAN_LIMIT = 10_000;

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
  /** Keeps a source's WebSub subscription in step with the hub its feed names, after each successful fetch. */
  readonly websub?: SourceCheckDeps['websub'];
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
  private readonly local: LocalPlanner;
  private readonly distributed: DistributedPlanner | null;
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
    this.local = new LocalPlanner({
      store: deps.store,
      timers: deps.timers,
      clock: deps.clock,
      random: deps.random,
      adaptive: deps.config.adaptive,
      drainIntervalMs: deps.config.drainIntervalMs,
      runCheck: (scope, sourceId, priority, dueAt) =>
        this.track(scope.tenantId, sourceId, () =>
          this.limiter.run(priority, dueAt, () => this.checkOnce(scope, sourceId)),
        ),
      drain: () => this.drain(),
    });
    this.distributed = deps.distributed
      ? new DistributedPlanner({
          store: deps.store,
          jobs: deps.distributed,
          clock: deps.clock,
          random: deps.random,
          adaptive: deps.config.adaptive,
          checkOnStart: deps.config.checkOnStart,
          drainIntervalMs: deps.config.drainIntervalMs,
          runCheck: async (scope, sourceId, priority, dueAt, signal) =>
            (await this.track(scope.tenantId, sourceId, () =>
              this.limiter.run(priority, dueAt, () => this.checkOnce(scope, sourceId, signal)),
            )) !== undefined,
          drain: () => this.drain(),
        })
      : null;
    this.check = new SourceCheck({
      store: deps.store,
      watcherFor: (p) => this.watchers.get(p),
      runs: this.starter,
      events: deps.events,
      metrics: deps.metrics,
      counters: this.counters,
      clock: deps.clock,
      adaptive: deps.config.adaptive,
      websub: deps.websub,
    });
  }

  /**
   * Plans every enabled source of every tenant whose state has a planned time (`sourceChanged` gives one to a
   * source enabled while the engine is stopped), at most {@link MAX_SOURCES}; the in-memory counters restart.
   */
  async start(): Promise<{ readonly started: boolean }> {
    if (this.running) return { started: false };
    this.running = true;
    this.abort = new AbortController();
    this.counters.reset();
    const now = this.deps.clock.now();
    this.startedAt = now;
    const listed = await this.deps.store.dueSources(Number.MAX_SAFE_INTEGER, MAX_SOURCES);
    for (const { source } of listed)
      this.scopes.set(keyOf(source), { tenantId: source.tenantId, workspaceId: source.workspaceId });
    const { distributed } = this;
    if (distributed) {
      await distributed.begin();
      for (const { source, state } of listed) await distributed.upsert(source, state, now);
    } else {
      this.local.begin();
      for (const { source, state } of listed) await this.local.plan(source, state, now, this.deps.config.checkOnStart);
    }
    this.logger.log({ event: 'monitoring_started', sources: listed.length, distributed: Boolean(distributed) });
    return { started: true };
  }

  /** Clears the timers, waits up to `stopTimeoutMs` for checks in flight, then aborts the ones still running. */
  async stop(): Promise<{ readonly stopped: boolean }> {
    if (!this.running) return { stopped: false };
    this.running = false;
    this.local.end();
    const pending = [...this.inFlight.values(), ...(this.draining ? [this.draining] : [])];
    const finished = await settleWithin(pending, this.deps.config.stopTimeoutMs);
    if (!finished) this.logger.warn({ event: 'monitoring_stop_timeout', checks: this.inFlight.size });
    // Checks still running are told to give up; their state is saved when they end.
    this.abort.abort();
    await this.distributed?.end(this.deps.config.stopTimeoutMs);
    return { stopped: true };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await this.distributed?.dispose(this.deps.config.stopTimeoutMs);
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
      nextCheckAt: this.local.dueAt(keyOf(r.source)) ?? r.state?.nextCheckAt ?? null,
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
    const planned = this.local.configuredIntervalOf(key);
    // A changed configured interval replaces the adapted one; so does a first plan, which starts from the setting.
    const configured = withInterval(source, state, planned === undefined || source.intervalSeconds !== planned);
    if (!this.running || this.distributed) {
      const nextCheckAt = source.enabled ? (state.nextCheckAt ?? now + source.intervalSeconds * 1000) : null;
      await this.deps.store.saveState({ ...configured, nextCheckAt });
      if (!this.running) return;
      if (source.enabled) await this.distributed?.upsert(source, configured, now);
      else await this.distributed?.remove({ tenantId: source.tenantId, sourceId: source.id });
      return;
    }
    if (!source.enabled) {
      this.local.remove(key);
      await this.deps.store.saveState({ ...configured, nextCheckAt: null });
      return;
    }
    await this.local.update(source, configured, now);
  }

  async sourceRemoved(scope: TenantScope, sourceId: string): Promise<void> {
    this.local.remove(sourceJobId({ tenantId: scope.tenantId, sourceId }));
    if (this.running) await this.distributed?.remove({ tenantId: scope.tenantId, sourceId });
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
      nextCheckAt: this.local.dueAt(keyOf(source)) ?? state.nextCheckAt,
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
}

/** The state with its interval reset to the configured one when `reset`, else kept within the source's bounds. */
function withInterval(source: Source, state: SourceState, reset: boolean): SourceState {
  const current = reset
    ? source.intervalSeconds
    : Math.min(source.maxIntervalSeconds, Math.max(source.minIntervalSeconds, state.currentIntervalSeconds));
  return current === state.currentIntervalSeconds ? state : { ...state, currentIntervalSeconds: current };
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
