import { Module } from '@nestjs/common';
import { FEEDBACK } from '../../core/ports/feedback.port';
import { feedbackConfig } from './feedback.config';
import { FeedbackController } from './feedback.controller';
import { FeedbackLifecycle } from './feedback.lifecycle';
import { FeedbackMetrics } from './feedback.metrics';
import { FeedbackOrchestrator } from './feedback.orchestrator';
import { FeedbackService } from './feedback.service';
import { FeedbackJournal } from './durable/feedback-journal';
import { FeedbackJournalMigrations } from './durable/feedback-journal.migrations';

/** The `unified_feedback` orchestrator, its hub (also the `FEEDBACK` port), background jobs and REST API. */
@Module({
  providers: [
    feedbackConfig.provider,
    FeedbackMetrics,
    FeedbackJournalMigrations,
    FeedbackJournal,
    FeedbackService,
    { provide: FEEDBACK, useExisting: FeedbackService },
    FeedbackLifecycle,
    FeedbackOrchestrator,
  ],
  controllers: [FeedbackController],
  exports: [FEEDBACK, FeedbackService],
})
export class FeedbackModule {}
