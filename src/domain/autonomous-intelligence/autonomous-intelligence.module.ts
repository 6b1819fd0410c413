import { Module } from '@nestjs/common';
import { CrewModule } from '../crew';
import { AutonomousIntelligenceOrchestrator } from './autonomous.orchestrator';

/** `autonomous_intelligence`: a crew of agents over the stage library, from plan to report. */
@Module({
  imports: [CrewModule],
  providers: [AutonomousIntelligenceOrchestrator],
})
export class AutonomousIntelligenceModule {}
