import { Module } from '@nestjs/common';
import { CrewModule } from '../crew';
import { TrainingController } from './training.controller';
import { trainingConfig } from './training.config';
import { TrainingMetrics } from './training.metrics';
import { TrainingOrchestrator } from './training.orchestrator';
import { TrainingService } from './training.service';
import { AgentDefinitionRepository } from './versions/agent-definition.repository';
import { DefinitionVersions } from './versions/definition-versions';

/**
 * `agent_training`: the crew's agent definitions loaded from the agents file (or their newer stored versions) into
 * the roster at boot, enhanced from
 * seeded examples, promoted after a measured evaluation, and per-agent performance reports; its REST routes
 * (`/training`).
 */
@Module({
  imports: [CrewModule],
  providers: [
    trainingConfig.provider,
    TrainingMetrics,
    AgentDefinitionRepository,
    DefinitionVersions,
    TrainingService,
    TrainingOrchestrator,
  ],
  controllers: [TrainingController],
})
export class AgentTrainingModule {}
