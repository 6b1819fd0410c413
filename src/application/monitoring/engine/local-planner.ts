import { Logger } from '@nestjs/common';
import type { Clock } from '../../../core/runtime/clock';
import type { RandomSource } from '../../../core/runtime/random';
import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { Source, SourceState } from '../monitoring.types';
import { checkIntervalMs, drawJitterMs, gatedTime, nextSlot } from './check-plan';
import type { CheckTimers } from './check-timers';
import { sourceJobId } from './source-jobs';

const DRAIN_TIMER = 'monitoring.drain';

export interface LocalPlannerDeps {
  readonly store: MonitoringStore;
  readonly timers: CheckTimers;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly adaptive: boolean;
  readonly drainIntervalMs: number;
  /** Runs the source's check (bounded, never beside its own); resolves when it ended. */
  readonly runCheck: (scope: TenantScope, sourceId: string, priority: number, dueAt: number) => Promise<unknown>;
  readonly drain: () => Promise<void>;
}

/** A source planned on this instance. */
interface Job {
  readonly scope: TenantScope;
  readonly sourceId: string;
  configuredIntervalSeconds: number;
  jitterSeconds: number;
  jitterMs: number;
  intervalMs: number;
  /** The slot of the last check that ran, or the anchor (start, enabling) before the first. */
  base: number;
  /** The slot of the next check. */
  slot: number;
  /** When the next check fires: slot + jitter, after backoff and quiet hours. */
  dueAt: number;
}

/** A source's key: its job and timer name. */
export function keyOf(source: Pick<Source, 'tenantId' | 'id'>): string {
  return sourceJobId({ tenantId: source.tenantId, sourceId: source.id });
}

/**
 * In-process mode: one timer per enabled source at its next check, on the grid `slot + interval` with the
 * source's jitter, moved by backoff and quiet hours (re-checked when the timer fires); after each check the next
 * slot is planned from the slot just run, missed slots skipped. Also the drain's timer.
 */
export class LocalPlanner {
  private readonly logger = new Logger(LocalPlanner.name);
  private readonly jobs = new Map<string, Job>();
  private active = false;

  constructor(private readonly deps: LocalPlannerDeps) {}

  begin(): void {
    this.active = true;
    this.armDrain();
  }

  /** Clears every timer; a check in flight finishes but plans nothing. */
  end(): void {
    this.active = false;
    for (const key of this.jobs.keys()) this.deps.timers.clear(key);
    this.jobs.clear();
    this.deps.timers.clear(DRAIN_TIMER);
  }

  /** When the source's next check fires, if planned here. */
  dueAt(key: string): number | undefined {
    return this.jobs.get(key)?.dueAt;
  }

  /** The configured interval the source was planned with, if planned here. */
  configuredIntervalOf(key: string): number | undefined {
    return this.jobs.get(key)?.configuredIntervalSeconds;
  }

  /** Plans a source: its first slot one interval from `now`, or at once (`now − jitter`, so the grid holds). */
  async plan(source: Source, state: SourceState, now: number, immediately: boolean): Promise<void> {
    const jitterMs = drawJitterMs(source.jitterSeconds, () => this.deps.random.next());
    const intervalMs = checkIntervalMs(source, state, this.deps.adaptive);
    const slot = immediately ? now - jitterMs : now + intervalMs;
    const job: Job = {
      scope: { tenantId: source.tenantId, workspaceId: source.workspaceId },
      sourceId: source.id,
      configuredIntervalSeconds: source.intervalSeconds,
      jitterSeconds: source.jitterSeconds,
      jitterMs,
      intervalMs,
      base: slot - intervalMs,
      slot,
      dueAt: slot + jitterMs,
    };
    this.jobs.set(keyOf(source), job);
    await this.arm(job, source, state);
  }

  /**
   * Applies an enabled source's new settings: planned when it was not; a new jitter drawn when its bound changed;
   * a new interval counted from the last check (or from the anchor before the first); quiet hours re-applied.
   */
  async update(source: Source, state: SourceState, now: number): Promise<void> {
    const job = this.jobs.get(keyOf(source));
    if (!job) return this.plan(source, state, now, false);
    if (source.jitterSeconds !== job.jitterSeconds) {
      job.jitterSeconds = source.jitterSeconds;
      job.jitterMs = drawJitterMs(source.jitterSeconds, () => this.deps.random.next());
    }
    if (source.intervalSeconds !== job.configuredIntervalSeconds) {
      job.configuredIntervalSeconds = source.intervalSeconds;
      job.intervalMs = checkIntervalMs(source, state, this.deps.adaptive);
      job.slot = nextSlot(job.base, job.intervalMs, job.jitterMs, now);
    }
    await this.arm(job, source, state);
  }

  remove(key: string): void {
    this.jobs.delete(key);
    this.deps.timers.clear(key);
  }

  /** Sets the job's timer for its slot (after backoff and quiet hours) and stores the planned time. */
  private async arm(job: Job, source: Source, state: SourceState): Promise<void> {
    job.dueAt = gatedTime(job.slot + job.jitterMs, { backoffUntil: state.backoffUntil, quietHours: source.quietHours });
    await this.deps.store.saveState({ ...state, nextCheckAt: job.dueAt });
    const key = keyOf(source);
    if (!this.active || this.jobs.get(key) !== job) return;
    this.deps.timers.set(key, job.dueAt, () => void this.fire(key, job));
  }

  /** A planned check is due: run it, then plan the next slot; a failure is logged and the plan lives on. */
  private async fire(key: string, job: Job): Promise<void> {
    if (!this.active || this.jobs.get(key) !== job) return;
    try {
      const { source, state } = await this.load(job);
      if (!source || !state || !source.enabled) return this.remove(key);
      const due = gatedTime(job.slot + job.jitterMs, {
        backoffUntil: state.backoffUntil,
        quietHours: source.quietHours,
      });
      // A backoff or quiet hours set after the timer was: wait for them.
      if (due > this.deps.clock.now()) return await this.arm(job, source, state);
      await this.deps.runCheck(job.scope, job.sourceId, source.priority, job.dueAt);
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
    if (!this.active || this.jobs.get(key) !== job) return;
    const { source, state } = await this.load(job);
    if (!source || !state || !source.enabled) return this.remove(key);
    job.intervalMs = checkIntervalMs(source, state, this.deps.adaptive);
    job.slot = nextSlot(job.slot, job.intervalMs, job.jitterMs, this.deps.clock.now());
    await this.arm(job, source, state);
  }

  private armDrain(): void {
    const at = this.deps.clock.now() + this.deps.drainIntervalMs;
    this.deps.timers.set(DRAIN_TIMER, at, () => {
      void this.deps.drain().finally(() => {
        if (this.active) this.armDrain();
      });
    });
  }

  private async load(job: Job): Promise<{ source?: Source; state?: SourceState }> {
    const [source, state] = await Promise.all([
      this.deps.store.getSource(job.scope, job.sourceId),
      this.deps.store.getState(job.scope, job.sourceId),
    ]);
    return { source, state };
  }
}
