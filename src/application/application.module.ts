import { Module } from '@nestjs/common';
import { BanditsModule } from './bandits/bandits.module';
import { FeedbackModule } from './feedback/feedback.module';
import { MonitoringModule } from './monitoring/monitoring.module';

/**
 * The application layer: one sub-module per orchestrator is imported here. Orchestrators are
 * discovered through their `@Orchestrator()` decorator, so importing a module is all it takes.
 */
@Module({ imports: [FeedbackModule, BanditsModule, MonitoringModule] })
export class ApplicationModule {}
