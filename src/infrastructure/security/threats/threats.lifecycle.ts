import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { BackgroundJobs } from '../../../core/jobs/background-jobs';
import { ThreatService } from './threat.service';
import { ThreatsConfig } from './threats.config';

export const PRUNE_JOB = 'security.threats.prune';

/** Runs the retention job every `threats.pruneEveryMs` from bootstrap until shutdown. */
@Injectable()
export class ThreatsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ThreatsLifecycle');

  constructor(
    private readonly threats: ThreatService,
    private readonly jobs: BackgroundJobs,
    private readonly config: ThreatsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.register(PRUNE_JOB, { everyMs: this.config.pruneEveryMs }, async () => {
      const pruned = await this.threats.prune();
      if (pruned.threats > 0) this.logger.log({ event: 'threats_pruned', ...pruned });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs.stop(PRUNE_JOB);
  }
}
