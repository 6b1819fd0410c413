import { existsSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { ALERT_SINK } from '../../core/ports/alert-sink.port';
import { NodeHostStats } from './host-stats';
import { PromMirror } from './prom-mirror';
import { TelemetryConfig, telemetryConfig } from './telemetry.config';
import { TelemetryController } from './telemetry.controller';
import { TelemetryOrchestrator } from './telemetry.orchestrator';
import { HOST_STATS, TelemetryService } from './telemetry.service';
import { TelemetryTracing } from './telemetry-tracing';

/** The `telemetry` orchestrator: tracing, the metric ring mirrored into Prometheus, alert rules, host stats, dashboards. */
@Module({
  providers: [
    telemetryConfig.provider,
    TelemetryTracing,
    {
      provide: PromMirror,
      useFactory: (registry: MetricsRegistry) => new PromMirror(registry),
      inject: [MetricsRegistry],
    },
    {
      provide: HOST_STATS,
      useFactory: (config: AppConfig) =>
        new NodeHostStats(existsSync(config.persistence.dataDir) ? config.persistence.dataDir : process.cwd()),
      inject: [AppConfig],
    },
    TelemetryService,
    { provide: ALERT_SINK, useExisting: TelemetryService },
    TelemetryOrchestrator,
  ],
  controllers: [TelemetryController],
  exports: [TelemetryTracing, TelemetryService, ALERT_SINK],
})
export class TelemetryModule {
  // The kernel makes a span per facade call; whether it does is this feature's setting.
  constructor(facade: OrchestrationFacade, config: TelemetryConfig) {
    facade.setTracing(config.tracing);
  }
}
