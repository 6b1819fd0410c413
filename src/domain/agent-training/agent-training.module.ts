import { Module } from '@nestjs/common';
import { CrewModule } from '../crew';
import { TrainingResolver } from './graphql/training.resolver';
import { TrainingController } from './training.controller';
import { trainingConfig } from './training.config';
import { TrainingMetrics } from './training.metrics';
import { TrainingOrchestrator } from './training.orchestrator';
import { TrainingService } from './training.service';
import { AgentDefinitionRepository } from './versions/agent-definition.repository';
import { DefinitionVersions } from './versions/definition-versions';
import { WeeklyReportJob } from './weekly-report.job';

/**
 * `agent_training`: the crew's agent definitions loaded from the agents file (or their newer stored versions) into
 * the roster at boot, enhanced from seeded examples, promoted after a measured evaluation and stored as versions;
 * per-agent performance reports; the weekly report job; its REST routes (`/training`) and GraphQL fields.
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
    TrainingResolver,
    WeeklyReportJob,
  ],
  controllers: [TrainingController],
})
export class AgentTrainingModule {}
