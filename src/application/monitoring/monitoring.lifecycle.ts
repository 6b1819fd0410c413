import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AppConfig } from '../../core/config/app-config';
import { BackgroundJobs } from '../../core/jobs/background-jobs';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { MonitoringAlerts } from './alerts/monitoring-alerts';
import { MonitoringEvents, type CheckCompletedEvent, type CheckFailedEvent } from './engine/monitoring.events';
import { MONITORING_ENGINE, type MonitoringEngine } from './monitoring.engine';
import { MONITORING_STORE, type MonitoringStore } from './monitoring.store';
import { WebSubSubscriptions } from './websub/websub-subscriptions';

const DAY_MS = 86_400_000;

/** Resources the module closes at shutdown (the feed fetcher's and the hub poster's connection pools). */
export const MONITORING_CLOSERS = Symbol('MONITORING_CLOSERS');

/**
 * The monitoring module's background work: starts the scheduler at boot when `monitoring.enabled`, and runs the
 * alert sweep (`monitoring.alerts.sweepIntervalMs`), the WebSub lease renewal (when `websub.callbackBaseUrl` is
 * set) and the hourly purge of check history older than `historyRetentionDays`. After every check the source's
 * alerts are evaluated at once. At shutdown the scheduler stops (bounded) and connection pools close.
 */
@Injectable()
export class MonitoringLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Monitoring');

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: BackgroundJobs,
    private readonly alerts: MonitoringAlerts,
    private readonly websub: WebSubSubscriptions,
    @Inject(MONITORING_ENGINE) private readonly engine: MonitoringEngine,
    @Inject(MONITORING_STORE) private readonly store: MonitoringStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MONITORING_CLOSERS) private readonly closers: readonly (() => Promise<void>)[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { monitoring } = this.config;
    if (!monitoring.enabled) return;
    await this.engine.start();
    if (monitoring.alerts.sweepIntervalMs > 0)
      this.jobs.register('monitoring.alerts', { everyMs: monitoring.alerts.sweepIntervalMs }, () =>
        this.alerts.sweep(),
      );
    if (this.websub.enabled)
      this.jobs.register('monitoring.websub_renewal', { everyMs: monitoring.websub.renewIntervalMs }, () =>
        this.websub.renewDue(),
      );
    this.jobs.register('monitoring.history_purge', { everyMs: 3_600_000 }, () =>
      this.store.purgeChecks(this.clock.now() - monitoring.historyRetentionDays * DAY_MS),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.stop().catch((e: unknown) => this.logger.warn(`stopping the scheduler: ${String(e)}`));
    await Promise.allSettled(this.closers.map((close) => close()));
  }

  @OnEvent(MonitoringEvents.CheckCompleted)
  @OnEvent(MonitoringEvents.CheckFailed)
  async afterCheck(event: CheckCompletedEvent | CheckFailedEvent): Promise<void> {
    try {
      await this.alerts.evaluateSource(event, event.sourceId);
      if ('newItems' in event && event.newItems > 0) await this.alerts.evaluateCreator(event, event.creatorId);
    } catch (e) {
      this.logger.warn(`evaluating the alerts of source ${event.sourceId}: ${(e as Error).message}`);
    }
  }
}
