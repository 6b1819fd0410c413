import { Module } from '@nestjs/common';
import { ResilienceModule } from './resilience/resilience.module';
import { SecurityModule } from './security/security.module';
import { TelemetryModule } from './telemetry/telemetry.module';

/**
 * The infrastructure layer: one sub-module per orchestrator is imported here. Orchestrators are
 * discovered through their `@Orchestrator()` decorator, so importing a module is all it takes.
 */
@Module({ imports: [ResilienceModule, TelemetryModule, SecurityModule] })
export class InfrastructureModule {}
