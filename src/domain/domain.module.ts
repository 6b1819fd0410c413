import { Module } from '@nestjs/common';
import { ContentModule } from './content/content.module';

/**
 * The domain layer: one sub-module per orchestrator is imported here. Orchestrators are
 * discovered through their `@Orchestrator()` decorator, so importing a module is all it takes.
 */
@Module({ imports: [ContentModule] })
export class DomainModule {}
