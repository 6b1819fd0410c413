import { Global, Module } from '@nestjs/common';
import { INTERACTION_LOG } from '../../../core/ports/interaction-log.port';
import { analyticsConfig } from '../analytics.config';
import { InteractionsController } from './interactions.controller';
import { InteractionsLifecycle } from './interactions.lifecycle';
import { InteractionsMetrics } from './interactions.metrics';
import { InteractionsMigrations } from './interactions.migrations';
import { SqlInteractionLog } from './sql.interaction-log';

/**
 * The interaction log: the `INTERACTION_LOG` port over the SQL store, its retention job, and
 * `GET /analytics/interactions`. Global, so any module may inject the port; other layers resolve it lazily.
 */
@Global()
@Module({
  providers: [
    analyticsConfig.provider,
    InteractionsMigrations,
    InteractionsMetrics,
    SqlInteractionLog,
    { provide: INTERACTION_LOG, useExisting: SqlInteractionLog },
    InteractionsLifecycle,
  ],
  controllers: [InteractionsController],
  exports: [INTERACTION_LOG],
})
export class InteractionsModule {}
