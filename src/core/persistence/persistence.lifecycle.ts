import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BackgroundJobs } from '../jobs/background-jobs';
import { JOB_QUEUE, type JobQueue } from '../ports/job-queue.port';
import { KEY_VALUE_STORE, type KeyValueStore } from '../ports/key-value.port';
import { SQL_DATABASE } from '../ports/sql-database.port';
import type { OpenedDatabase } from './sql-database.factory';

/** Starts the expiry purge, and on shutdown closes the queue (before) and the database (last). */
@Injectable()
export class PersistenceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(PersistenceLifecycle.name);

  constructor(
    @Inject(SQL_DATABASE) private readonly database: OpenedDatabase,
    @Inject(KEY_VALUE_STORE) private readonly kv: KeyValueStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly jobs: BackgroundJobs,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.register('persistence.kv_purge', { everyMs: this.config.persistence.purgeEveryMs }, async () => {
      const purged = await this.kv.purgeExpired();
      if (purged > 0) this.logger.debug({ event: 'kv_purged', purged });
    });
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.queue.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.database.close();
  }
}
