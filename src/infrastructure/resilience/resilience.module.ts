import { Module } from '@nestjs/common';
import { RESILIENCE } from '../../core/ports/resilience.port';
import { BreakerBus } from './breaker.bus';
import { BreakerPersistence } from './breaker.persistence';
import { ResilienceResolver } from './graphql/resilience.resolver';
import { resilienceConfig } from './resilience.config';
import { ResilienceController } from './resilience.controller';
import { ResilienceMetrics } from './resilience.metrics';
import { ResilienceOrchestrator } from './resilience.orchestrator';
import { ResilienceService } from './resilience.service';

/** The `resilience` orchestrator, its engine (also the `RESILIENCE` port), breaker snapshots and sharing, and its REST and GraphQL API. */
@Module({
  providers: [
    resilienceConfig.provider,
    ResilienceMetrics,
    ResilienceService,
    { provide: RESILIENCE, useExisting: ResilienceService },
    ResilienceOrchestrator,
    BreakerPersistence,
    BreakerBus,
    ResilienceResolver,
  ],
  controllers: [ResilienceController],
  exports: [RESILIENCE, ResilienceService],
})
export class ResilienceModule {}
