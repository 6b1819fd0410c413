import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { SCHEDULER, type Scheduler } from '../../core/ports/scheduler.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { BanditsJournal } from './bandits.journal';

/**
 * Retention of the bandits' log (durable mode), every `persistence.compactEveryMs` on one instance: decisions that
 * expired and were made more than `persistence.inputLogMaxAgeMs` ago, and rewards older than that or beyond the
 * newest `persistence.inputLogMaxRows`. Only rows the stored learner snapshots reflect go (see `bandit_marks`); in
 * scale-out mode decisions are counted where they are made, so an old expired decision goes regardless.
 */
@Injectable()
export class BanditsRetention implements OnApplicationBootstrap {
  private readonly logger = new Logger('BanditsRetention');

  constructor(
    private readonly config: AppConfig,
    private readonly journal: BanditsJournal,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.journal.enabled) return;
    await this.scheduler.every('bandits.compact', this.config.persistence.compactEveryMs, () => this.compact());
  }

  /** Deletes what retention lets go now; returns how many rows of each table. */
  async compact(): Promise<{ decisions: number; rewards: number }> {
    const { inputLogMaxAgeMs, inputLogMaxRows } = this.config.persistence;
    const now = this.clock.now();
    const deleted = await this.journal.repository.compact(
      now,
      now - inputLogMaxAgeMs,
      inputLogMaxRows,
      this.journal.shared,
    );
    if (deleted.decisions + deleted.rewards > 0) this.logger.debug({ event: 'bandit_log_compacted', ...deleted });
    return deleted;
  }
}
