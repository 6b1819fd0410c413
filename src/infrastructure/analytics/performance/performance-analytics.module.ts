import { Module } from '@nestjs/common';
import { TelemetryModule } from '../../telemetry/telemetry.module';
import { AlertRepository } from './alert.repository';
import { PerformanceAnalyticsResolver } from './graphql/performance-analytics.resolver';
import { performanceAnalyticsConfig } from './performance-analytics.config';
import { PerformanceAnalyticsController } from './performance-analytics.controller';
import { PerformanceAnalyticsMetrics } from './performance-analytics.metrics';
import { PerformanceAnalyticsOrchestrator } from './performance-analytics.orchestrator';
import { PerformanceAnalyticsService } from './performance-analytics.service';

/**
 * The `performance_analytics` orchestrator: analysis of the tenant's agent interactions (read through the
 * `INTERACTION_LOG` port), reports, alert rules with stored state, the alert loop job, `/analytics` over REST.
 */
@Module({
  imports: [TelemetryModule],
  providers: [
    performanceAnalyticsConfig.provider,
    AlertRepository,
    PerformanceAnalyticsMetrics,
    PerformanceAnalyticsService,
    PerformanceAnalyticsOrchestrator,
    PerformanceAnalyticsResolver,
  ],
  controllers: [PerformanceAnalyticsController],
  exports: [PerformanceAnalyticsService],
})
export class PerformanceAnalyticsModule {}
