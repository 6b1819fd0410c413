import { Logger } from '@nestjs/common';
import { OrchestrationContext } from '../../../core/context/orchestration-context';
import type { ContentRunsPort } from '../../../core/ports/content-runs.port';
import type { IdGenerator } from '../../../core/runtime/id-generator';
import type { Clock } from '../../../core/runtime/clock';
import type { MonitoringStore } from '../monitoring.store';
import type { SeenItem, Source } from '../monitoring.types';
import { MonitoringEvents, type MonitoringEventSink } from './monitoring.events';
import type { MonitoringMetrics } from './monitoring.metrics';
import type { TenantCounters } from './tenant-counters';

export interface RunStarterDeps {
  readonly store: MonitoringStore;
  /** The content-runs port, resolved on first use. */
  readonly runs: () => ContentRunsPort;
  /** The source an item belongs to (for its tenant's workspace, mode and depth); undefined once deleted. */
  readonly sourceOf: (tenantId: string, sourceId: string) => Promise<Source | undefined>;
  readonly events: MonitoringEventSink;
  readonly metrics: MonitoringMetrics;
  readonly counters: TenantCounters;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** What starting a run for an item came to: started (and linked), or waiting for a later drain. */
export type RunStartOutcome = 'started' | 'waiting';

/**
 * Turns new items into content runs. An item is recorded before its run is asked for, so an item whose run was
 * refused (the tenant's run queue is full) or never asked for (a crash) waits with no run, and the drain asks
 * again later: queued, never dropped. A run started but not yet linked when the process dies is asked for again.
 */
export class RunStarter {
  private readonly logger = new Logger(RunStarter.name);

  constructor(private readonly deps: RunStarterDeps) {}

  /** Asks for a run of `item` with the source's mode and depth, in the source's tenant and workspace. */
  async startFor(source: Source, item: SeenItem): Promise<RunStartOutcome> {
    const ctx = OrchestrationContext.create(
      {
        tenantId: source.tenantId,
        workspaceId: source.workspaceId,
        metadata: { monitoringSourceId: source.id, monitoringItemId: item.id },
      },
      this.deps.ids,
    );
    const result = await this.deps.runs().start(ctx, { url: item.url, mode: source.runMode, depth: source.runDepth });
    if (result.status !== 'ok') {
      if (result.status !== 'error' || result.category !== 'unavailable')
        this.logger.warn({
          event: 'monitoring_run_refused',
          tenant_id: source.tenantId,
          source_id: source.id,
          item_id: item.id,
          result,
        });
      return 'waiting';
    }
    const { runId } = result.data;
    await this.deps.store.linkRun(source, source.id, item.id, runId);
    this.deps.metrics.runStarted(source.platform);
    this.deps.counters.of(source.tenantId).runsStarted++;
    this.deps.events.emit(MonitoringEvents.RunStarted, {
      tenantId: source.tenantId,
      workspaceId: source.workspaceId,
      sourceId: source.id,
      creatorId: source.creatorId,
      platform: source.platform,
      at: this.deps.clock.now(),
      itemId: item.id,
      url: item.url,
      runId,
    });
    return 'started';
  }

  /**
   * Asks again for the runs of waiting items, oldest first, at most `limit`. A tenant whose run queue refuses is
   * skipped for the rest of the pass, so one full tenant does not hold back the others.
   */
  async drain(limit: number): Promise<{ started: number; waiting: number }> {
    const items = await this.deps.store.itemsWithoutRun(limit);
    const full = new Set<string>();
    let started = 0;
    for (const item of items) {
      if (full.has(item.tenantId)) continue;
      const source = await this.deps.sourceOf(item.tenantId, item.sourceId);
      if (!source) continue;
      if ((await this.startFor(source, item)) === 'started') started++;
      else full.add(item.tenantId);
    }
    return { started, waiting: items.length - started };
  }
}
