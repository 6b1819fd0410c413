import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, type JobQueue } from '../ports/job-queue.port';
import { KEY_VALUE_STORE, type KeyValueStore } from '../ports/key-value.port';
import { SCHEDULER, type Scheduler } from '../ports/scheduler.port';
import { SQL_DATABASE } from '../ports/sql-database.port';
import { REDIS_CONNECTION, type RedisConnection } from '../queue/redis/redis-connection';
import type { OpenedDatabase } from './sql-database.factory';

/**
 * Schedules the expiry purge (one instance per period in Redis mode), and on shutdown closes the scheduler and
 * the queue first (running jobs finish or are aborted, bounded), then Redis and the database last.
 */
@Injectable()
export class PersistenceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(PersistenceLifecycle.name);

  constructor(
    @Inject(SQL_DATABASE) private readonly database: OpenedDatabase,
    @Inject(REDIS_CONNECTION) private readonly redis: RedisConnection | null,
    @Inject(KEY_VALUE_STORE) private readonly kv: KeyValueStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.every('persistence.kv_purge', this.config.persistence.purgeEveryMs, async () => {
      const purged = await this.kv.purgeExpired();
      if (purged > 0) this.logger.debug({ event: 'kv_purged', purged });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.scheduler.close(), this.queue.close()]);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.redis?.close(), this.database.close()]);
  }
}
