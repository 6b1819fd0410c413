import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { lazyPort } from '../../core/lazy/lazy-port';
import { ALERT_SINK, type AlertSinkPort } from '../../core/ports/alert-sink.port';
import { RESILIENCE, type ResiliencePort } from '../../core/ports/resilience.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { MonitoringAlerts } from './alerts/monitoring-alerts';
import { MonitoringCatalogService } from './catalog/monitoring-catalog.service';
import { MonitoringOpmlService } from './catalog/monitoring-opml.service';
import {
  FEED_WATCHERS,
  MONITORING_SCHEDULE_CONFIG,
  monitoringEngineProvider,
} from './engine/monitoring-engine.provider';
import { MonitoringMetrics } from './engine/monitoring.metrics';
import { createFeedWatchers } from './feeds/create-watchers';
import { MonitoringResolver } from './graphql/monitoring.resolver';
import { MONITORING_CLOSERS, MonitoringLifecycle } from './monitoring.lifecycle';
import { monitoringConfig } from './monitoring.config';
import { MonitoringController } from './monitoring.controller';
import { MonitoringOrchestrator } from './monitoring.orchestrator';
import { MONITORING_STORE, type MonitoringStore } from './monitoring.store';
import { MonitoringMigrations } from './store/monitoring.migrations';
import { SqlMonitoringStore } from './store/sql.monitoring-store';
import { guardedHubPoster } from './websub/hub-poster';
import { WebSubController } from './websub/websub.controller';
import { WebSubSubscriptions } from './websub/websub-subscriptions';
import { XmlBodyParser } from './xml-body.parser';

/** The feed fetcher and the hub poster, built once per application (one connection pool each). */
const NETWORK = Symbol('MONITORING_NETWORK');

function network(config: AppConfig, clock: Clock, moduleRef: ModuleRef) {
  const policy = { allowedCidrs: config.content.allowedCidrs };
  const resilience = lazyPort<ResiliencePort>(moduleRef, RESILIENCE);
  // The breaker per host is the resilience layer's, resolved on the first fetch.
  const breaker: ResiliencePort = {
    execute: (service, primary, options) => resilience.get().execute(service, primary, options),
  };
  const { fetcher, watchers } = createFeedWatchers({
    config: config.monitoring.fetch,
    policy,
    clock,
    resilience: breaker,
  });
  const hub = guardedHubPoster(policy, config.monitoring.fetch.userAgent);
  return { fetcher, watchers, hub };
}

/**
 * `realtime_monitoring`: the catalog of creators and sources per tenant (tables, store, service, seed, OPML), the
 * engine (the scheduler over the feed, YouTube and Reddit watchers, with the address guard and a breaker per host),
 * WebSub push subscriptions, the failing/stale/overdue alerts on the telemetry alert path, the orchestrator, its REST
 * routes (`/monitoring`) and GraphQL fields.
 */
@Module({
  providers: [
    monitoringConfig.provider,
    { provide: NETWORK, useFactory: network, inject: [AppConfig, CLOCK, ModuleRef] },
    {
      provide: FEED_WATCHERS,
      useFactory: (net: ReturnType<typeof network>) => net.watchers.platforms().map((p) => net.watchers.watcherFor(p)!),
      inject: [NETWORK],
    },
    {
      provide: MONITORING_CLOSERS,
      useFactory: (net: ReturnType<typeof network>) => [() => net.fetcher.close(), () => net.hub.close()],
      inject: [NETWORK],
    },
    {
      provide: MONITORING_SCHEDULE_CONFIG,
      useFactory: (config: AppConfig) => config.monitoring.schedule,
      inject: [AppConfig],
    },
    MonitoringMetrics,
    monitoringEngineProvider,
    {
      provide: WebSubSubscriptions,
      useFactory: (store: MonitoringStore, net: ReturnType<typeof network>, clock: Clock, config: AppConfig) =>
        new WebSubSubscriptions(
          store,
          net.hub.post,
          clock,
          () => randomBytes(32).toString('hex'),
          config.monitoring.websub,
        ),
      inject: [MONITORING_STORE, NETWORK, CLOCK, AppConfig],
    },
    {
      provide: MonitoringAlerts,
      useFactory: (store: MonitoringStore, moduleRef: ModuleRef, clock: Clock, config: AppConfig) => {
        const sink = lazyPort<AlertSinkPort>(moduleRef, ALERT_SINK);
        return new MonitoringAlerts(store, () => sink.tryGet(), clock, config.monitoring.alerts);
      },
      inject: [MONITORING_STORE, ModuleRef, CLOCK, AppConfig],
    },
    MonitoringLifecycle,
    MonitoringMigrations,
    SqlMonitoringStore,
    { provide: MONITORING_STORE, useExisting: SqlMonitoringStore },
    MonitoringCatalogService,
    MonitoringOpmlService,
    MonitoringOrchestrator,
    MonitoringResolver,
    XmlBodyParser,
  ],
  controllers: [MonitoringController, WebSubController],
  exports: [MONITORING_STORE, MonitoringCatalogService, monitoringConfig.provider],
})
export class MonitoringModule {}
