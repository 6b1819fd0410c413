import { Module } from '@nestjs/common';
import { InteractionsModule } from './analytics/interactions/interactions.module';
import { PerformanceAnalyticsModule } from './analytics/performance/performance-analytics.module';
import { ResilienceModule } from './resilience/resilience.module';
import { SecurityModule } from './security/security.module';
import { TelemetryModule } from './telemetry/telemetry.module';

/**
 * The infrastructure layer: one sub-module per orchestrator is imported here. Orchestrators are
 * discovered through their `@Orchestrator()` decorator, so importing a module is all it takes. The webhooks
 * module provides the `WEBHOOK_SIGNER` port that signs the webhooks the service sends.
 */
@Module({
  imports: [ResilienceModule, TelemetryModule, SecurityModule, InteractionsModule, PerformanceAnalyticsModule],
})
export class InfrastructureModule {}
