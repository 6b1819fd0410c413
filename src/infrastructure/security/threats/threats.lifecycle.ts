import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { BlocklistService } from './blocklist.service';
import { ThreatService } from './threat.service';
import { ThreatsConfig } from './threats.config';

export const PRUNE_JOB = 'security.threats.prune';
export const BLOCKLIST_SYNC_JOB = 'security.threats.blocklist-sync';

/**
 * At bootstrap, loads the stored blocklist (before the first request is served) and starts two jobs until
 * shutdown: the retention job every `threats.pruneEveryMs`, and the blocklist reload every
 * `threats.blocklistSyncMs` (the catch-up of an instance that missed a change announced over Redis).
 */
@Injectable()
export class ThreatsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ThreatsLifecycle');

  constructor(
    private readonly threats: ThreatService,
    private readonly blocklist: BlocklistService,
    private readonly jobs: BackgroundJobs,
    private readonly config: ThreatsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.blocklist.start();
    this.jobs.register(PRUNE_JOB, { everyMs: this.config.pruneEveryMs }, async () => {
      const pruned = await this.threats.prune();
      if (pruned.threats > 0) this.logger.log({ event: 'threats_pruned', ...pruned });
    });
    this.jobs.register(BLOCKLIST_SYNC_JOB, { everyMs: this.config.blocklistSyncMs }, () => this.blocklist.reload());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.jobs.stop(PRUNE_JOB), this.jobs.stop(BLOCKLIST_SYNC_JOB)]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.blocklist.stop();
  }
}
