import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SCHEDULER, type Scheduler } from '../../../core/ports/scheduler.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { AnalyticsConfig } from '../analytics.config';
import { InteractionsMetrics } from './interactions.metrics';
import { SqlInteractionLog } from './sql.interaction-log';

/** The retention job's name (the scheduler runs it on one instance per period in scale-out). */
export const RETENTION_JOB = 'analytics.interactions_retention';
const DAY_MS = 86_400_000;

/**
 * The interaction log's background work: the retention job (every `analytics.interactionRetentionEveryMs`, deletes
 * the interactions older than `analytics.interactionRetentionDays`) from bootstrap, and at shutdown the write of
 * what is still queued, before the database closes.
 */
@Injectable()
export class InteractionsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Interactions');

  constructor(
    private readonly log: SqlInteractionLog,
    private readonly config: AnalyticsConfig,
    private readonly metrics: InteractionsMetrics,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.every(RETENTION_JOB, this.config.interactionRetentionEveryMs, () => this.retain());
  }

  /** One run of the retention job: deletes what ended before the retention period; answers how many. */
  async retain(): Promise<number> {
    const before = this.clock.now() - this.config.interactionRetentionDays * DAY_MS;
    const deleted = await this.log.purge(before);
    this.metrics.purged(deleted);
    if (deleted > 0) this.logger.log({ event: 'interactions_purged', deleted, before });
    return deleted;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.log.flush();
  }
}
