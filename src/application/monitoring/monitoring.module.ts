import { Module } from '@nestjs/common';
import { MonitoringCatalogService } from './catalog/monitoring-catalog.service';
import { MonitoringOpmlService } from './catalog/monitoring-opml.service';
import { MonitoringResolver } from './graphql/monitoring.resolver';
import { monitoringConfig } from './monitoring.config';
import { MonitoringController } from './monitoring.controller';
import { MonitoringOrchestrator } from './monitoring.orchestrator';
import { MONITORING_STORE } from './monitoring.store';
import { MonitoringMigrations } from './store/monitoring.migrations';
import { SqlMonitoringStore } from './store/sql.monitoring-store';
import { XmlBodyParser } from './xml-body.parser';

/**
 * `realtime_monitoring`: the catalog of creators and sources per tenant (tables, store, service, seed, OPML), the
 * orchestrator over it and the engine, its REST routes (`/monitoring`) and GraphQL fields. The engine (scheduler
 * and watchers) is bound under `MONITORING_ENGINE` by its own module; without one the engine operations answer
 * `unavailable`.
 */
@Module({
  providers: [
    monitoringConfig.provider,
    MonitoringMigrations,
    SqlMonitoringStore,
    { provide: MONITORING_STORE, useExisting: SqlMonitoringStore },
    MonitoringCatalogService,
    MonitoringOpmlService,
    MonitoringOrchestrator,
    MonitoringResolver,
    XmlBodyParser,
  ],
  controllers: [MonitoringController],
  exports: [MONITORING_STORE, MonitoringCatalogService, monitoringConfig.provider],
})
export class MonitoringModule {}
