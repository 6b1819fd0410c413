import { Module } from '@nestjs/common';
import { ContentModule } from '../content';
import { CrewModule } from '../crew';
import { FallbackAutonomousOrchestrator } from './fallback.orchestrator';

/** `fallback_autonomous`: content intelligence without agents, from acquisition to the Markdown report. */
@Module({
  imports: [ContentModule, CrewModule],
  providers: [FallbackAutonomousOrchestrator],
})
export class FallbackAutonomousModule {}
