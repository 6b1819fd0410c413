import { Module } from '@nestjs/common';

/**
 * The application layer (ARCHITECTURE.md): one sub-module per orchestrator is imported here. Orchestrators are
 * discovered through their `@Orchestrator()` decorator, so importing a module is all it takes.
 */
@Module({ imports: [] })
export class ApplicationModule {}
