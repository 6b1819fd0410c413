import { Module } from '@nestjs/common';
import { BANDITS } from '../../core/ports/bandits.port';
import { BanditsController } from './bandits.controller';
import { BanditsEvaluation } from './bandits.evaluation';
import { BanditsMetrics } from './bandits.metrics';
import { BanditsOrchestrator } from './bandits.orchestrator';
import { BanditsService } from './bandits.service';
import { BanditsStore } from './bandits.store';

/** The `advanced_bandits` orchestrator, its service (also the `BANDITS` port), store, evaluation and REST API. */
@Module({
  providers: [BanditsMetrics, BanditsStore, BanditsService, { provide: BANDITS, useExisting: BanditsService }, BanditsEvaluation, BanditsOrchestrator],
  controllers: [BanditsController],
  exports: [BANDITS, BanditsService],
})
export class BanditsModule {}
