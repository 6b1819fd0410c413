import { Module } from '@nestjs/common';
import { AgentTrainingModule } from './agent-training/agent-training.module';
import { AutointelModule } from './autointel/autointel.module';
import { AutonomousIntelligenceModule } from './autonomous-intelligence/autonomous-intelligence.module';
import { ContentModule } from './content';
import { CrewModule } from './crew';
import { EnhancedAutonomousModule } from './enhanced-autonomous/enhanced-autonomous.module';
import { FallbackAutonomousModule } from './fallback-autonomous/fallback-autonomous.module';
import { HierarchicalModule } from './hierarchical/hierarchical.module';
import { MissionOrchestratorModule } from './mission-orchestrator/mission-orchestrator.module';
import { autointelConfig } from './autointel/autointel.config';
import { contentConfig } from './content/content.config';
import { llmConfig } from './crew/llm/llm.config';

/**
 * The domain layer: shared content services, the crew engine, one sub-module per orchestrator
 * and the autointel job. Orchestrators are discovered through their `@Orchestrator()` decorator, so importing a
 * module is all it takes.
 */
@Module({
  imports: [
    ContentModule,
    CrewModule,
    FallbackAutonomousModule,
    AutonomousIntelligenceModule,
    EnhancedAutonomousModule,
    MissionOrchestratorModule,
    AutointelModule,
    HierarchicalModule,
    AgentTrainingModule,
  ],
  providers: [contentConfig.provider, llmConfig.provider, autointelConfig.provider],
})
export class DomainModule {}
