import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { BanditsJournal } from './bandits.journal';
import { BanditsUpdates } from './bandits.updates';

/**
 * Retention of the bandits' log (durable mode), every `persistence.compactEveryMs` on one instance: decisions that
 * expired and were made more than `persistence.inputLogMaxAgeMs` ago, and rewards older than that or beyond the
 * newest `persistence.inputLogMaxRows`. Only rows the stored learner snapshots reflect go (see `bandit_marks`): a
 * decision once every stored learner of its domain counts it. In scale-out mode the update consumer counts a
 * domain's logged decisions when it writes the learners; for a domain whose old decisions it has not counted (no
 * answer came since), retention queues a catch-up, and deletes them on a later run.
 */
@Injectable()
export class BanditsRetention implements OnApplicationBootstrap {
  private readonly logger = new Logger('BanditsRetention');

  constructor(
    private readonly config: AppConfig,
    private readonly journal: BanditsJournal,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly updates?: BanditsUpdates,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.journal.enabled) return;
    await this.scheduler.every('bandits.compact', this.config.persistence.compactEveryMs, () => this.compact());
  }

  /** Deletes what retention lets go now; returns how many rows of each table. */
  async compact(): Promise<{ decisions: number; rewards: number }> {
    const { inputLogMaxAgeMs, inputLogMaxRows } = this.config.persistence;
    const now = this.clock.now();
    const cutoff = now - inputLogMaxAgeMs;
    const repository = this.journal.repository;
    // Scale-out: the consumer counts the old decisions it has not counted yet (and takes any reward it lacks).
    if (this.journal.enabled && this.updates?.shared)
      for (const behind of await repository.behind(cutoff)) await this.updates.enqueue(behind);
    const deleted = await repository.compact(now, cutoff, inputLogMaxRows);
    if (deleted.decisions + deleted.rewards > 0) this.logger.debug({ event: 'bandit_log_compacted', ...deleted });
    return deleted;
  }
}
