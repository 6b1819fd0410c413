import { Module } from '@nestjs/common';
import { TelemetryTracing } from './telemetry-tracing';

/**
 * Telemetry (issue 6, in progress): OpenTelemetry tracing of every facade call with an in-process span ring. The
 * metric buffer, alert engine and host stats are built and tested; the orchestrator, dashboards and the periodic
 * cycle come next.
 */
@Module({ providers: [TelemetryTracing], exports: [TelemetryTracing] })
export class TelemetryModule {}
