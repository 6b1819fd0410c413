import { Module } from '@nestjs/common';
import { CrewModule } from '../crew';
import { MissionStageTask } from './execution/mission-stage.task';
import { MissionResolver } from './graphql/mission.resolver';
import { missionConfig } from './mission.config';
import { MissionController } from './mission.controller';
import { MissionMetrics } from './mission.metrics';
import { MissionOrchestrator } from './mission.orchestrator';
import { MissionRepository } from './mission.repository';
import { MissionService } from './mission.service';

/**
 * `mission_orchestrator`: missions planned per depth and run stage by stage through the crew's stage library under
 * a budget ledger, checkpointed (`missions`) and resumable — or, in hierarchical mode, as a `hierarchical` session
 * of `mission_stage` tasks (the task handler this module provides); its REST routes (`/missions`) and GraphQL fields.
 */
@Module({
  imports: [CrewModule],
  providers: [
    missionConfig.provider,
    MissionMetrics,
    MissionRepository,
    MissionService,
    MissionOrchestrator,
    MissionResolver,
    MissionStageTask,
  ],
  controllers: [MissionController],
})
export class MissionOrchestratorModule {}
