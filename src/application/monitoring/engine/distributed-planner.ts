import type { Clock } from '../../../core/runtime/clock';
import type { RandomSource } from '../../../core/runtime/random';
import type { MonitoringStore, TenantScope } from '../monitoring.store';
import type { Source, SourceState } from '../monitoring.types';
import { checkIntervalMs, drawJitterMs, gatedTime } from './check-plan';
import type { DistributedSourceJobs, SourceJobRef } from './source-jobs';

export interface DistributedPlannerDeps {
  readonly store: MonitoringStore;
  readonly jobs: DistributedSourceJobs;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly adaptive: boolean;
  readonly checkOnStart: boolean;
  readonly drainIntervalMs: number;
  /** Runs the source's check (bounded, never beside its own); resolves to whether it ran. */
  readonly runCheck: (
    scope: TenantScope,
    sourceId: string,
    priority: number,
    dueAt: number,
    signal: AbortSignal,
  ) => Promise<boolean>;
  readonly drain: () => Promise<void>;
}

/**
 * Redis mode: each enabled source is one repeatable job shared by the instances (first at start + interval +
 * jitter, or at once with `checkOnStart`; then every interval), and each period is checked by the one instance
 * that takes it. A period covered by the source's backoff or quiet hours is skipped; when the adapted interval
 * changes, the job follows it.
 */
export class DistributedPlanner {
  constructor(private readonly deps: DistributedPlannerDeps) {}

  async begin(): Promise<void> {
    this.deps.jobs.listen({ check: (ref, signal) => this.run(ref, signal), drain: () => this.deps.drain() });
    await this.deps.jobs.drainEvery(this.deps.drainIntervalMs);
  }

  end(timeoutMs: number): Promise<void> {
    return this.deps.jobs.close(timeoutMs);
  }

  dispose(timeoutMs: number): Promise<void> {
    return this.deps.jobs.dispose(timeoutMs);
  }

  async upsert(source: Source, state: SourceState, now: number): Promise<void> {
    const everyMs = checkIntervalMs(source, state, this.deps.adaptive);
    const jitterMs = drawJitterMs(source.jitterSeconds, () => this.deps.random.next());
    const startAt = this.deps.checkOnStart ? now : now + everyMs + jitterMs;
    await this.deps.store.saveState({ ...state, nextCheckAt: startAt });
    await this.deps.jobs.upsert(
      { tenantId: source.tenantId, workspaceId: source.workspaceId, sourceId: source.id },
      everyMs,
      startAt,
    );
  }

  remove(ref: Pick<SourceJobRef, 'tenantId' | 'sourceId'>): Promise<boolean> {
    return this.deps.jobs.remove(ref);
  }

  /** A period of a source's shared job, taken by this instance: checked unless backoff or quiet hours cover it. */
  private async run(ref: SourceJobRef, signal: AbortSignal): Promise<void> {
    const scope = { tenantId: ref.tenantId, workspaceId: ref.workspaceId };
    const [source, state] = await Promise.all([
      this.deps.store.getSource(scope, ref.sourceId),
      this.deps.store.getState(scope, ref.sourceId),
    ]);
    if (!source || !state || !source.enabled) {
      await this.deps.jobs.remove(ref);
      return;
    }
    const now = this.deps.clock.now();
    if (gatedTime(now, { backoffUntil: state.backoffUntil, quietHours: source.quietHours }) > now) return;
    const everyMs = checkIntervalMs(source, state, this.deps.adaptive);
    const ran = await this.deps.runCheck(scope, ref.sourceId, source.priority, now, signal);
    const after = (await this.deps.store.getState(scope, ref.sourceId)) ?? state;
    const nextEveryMs = checkIntervalMs(source, after, this.deps.adaptive);
    await this.deps.store.saveState({ ...after, nextCheckAt: this.deps.clock.now() + nextEveryMs });
    if (ran && nextEveryMs !== everyMs) await this.deps.jobs.upsert(ref, nextEveryMs, now + nextEveryMs);
  }
}
