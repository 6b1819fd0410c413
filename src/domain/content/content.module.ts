import { Module } from '@nestjs/common';
import { VECTOR_MEMORY } from '../../core/ports/vector-memory.port';
import { contentAnalysisProvider, contentPipelineProvider, factCheckerProvider } from './content.providers';
import { CONTENT_ANALYSIS, CONTENT_PIPELINE, CONTINUAL_MEMORY, GRAPH_MEMORY } from './content.ports';
import { SqlContinualMemory } from './memory/sql-continual-memory';
import { SqlGraphMemory } from './memory/sql-graph-memory';
import { SqlVectorMemory } from './memory/sql-vector-memory';

/**
 * Content intelligence (domain), shared by the orchestrators and the crew engine: acquisition (HTTP, files,
 * yt-dlp), offline analyses and fact checks, and the vector, graph and continual memories (SQL).
 */
@Module({
  providers: [
    SqlVectorMemory,
    { provide: VECTOR_MEMORY, useExisting: SqlVectorMemory },
    SqlGraphMemory,
    { provide: GRAPH_MEMORY, useExisting: SqlGraphMemory },
    SqlContinualMemory,
    { provide: CONTINUAL_MEMORY, useExisting: SqlContinualMemory },
    contentPipelineProvider,
    factCheckerProvider,
    contentAnalysisProvider,
  ],
  exports: [VECTOR_MEMORY, GRAPH_MEMORY, CONTINUAL_MEMORY, CONTENT_PIPELINE, CONTENT_ANALYSIS],
})
export class ContentModule {}
