import { Module } from '@nestjs/common';
import { ContentModule } from '../content';
import { CrewModule } from '../crew';
import { EnhancedAutonomousOrchestrator } from './enhanced.orchestrator';
import { healthProbeProvider } from './enhanced-autonomous.providers';

/** `enhanced_autonomous`: a crew run under a time cap, falling back to one content-pipeline run; its health probe. */
@Module({
  imports: [ContentModule, CrewModule],
  providers: [healthProbeProvider, EnhancedAutonomousOrchestrator],
})
export class EnhancedAutonomousModule {}
