import { Global, Logger, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import type { PersistenceConfig } from '../config/kernel.config';
import { BackgroundJobs } from '../jobs/background-jobs';
import { JOB_QUEUE } from '../ports/job-queue.port';
import { KEY_VALUE_STORE } from '../ports/key-value.port';
import { SCHEDULER } from '../ports/scheduler.port';
import { SQL_DATABASE, type SqlDatabase } from '../ports/sql-database.port';
import { InProcessJobQueue } from '../queue/in-process.job-queue';
import { InProcessScheduler } from '../queue/in-process.scheduler';
import { BullMqJobQueue } from '../queue/redis/bullmq.job-queue';
import { BullMqScheduler } from '../queue/redis/bullmq.scheduler';
import { openRedis, REDIS_CONNECTION, type RedisConnection } from '../queue/redis/redis-connection';
import { CLOCK, type Clock } from '../runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../runtime/id-generator';
import { MigrationRunner } from './migration-runner';
import { PersistenceLifecycle } from './persistence.lifecycle';
import { openSqlDatabase } from './sql-database.factory';
import { SqlKeyValueStore } from './sql-key-value.store';

/**
 * State and background work, global: the SQL database (embedded PGlite by default, PostgreSQL with
 * `DATABASE_URL`) with migrations run at boot, a key-value store with expiry, and a job queue and scheduler that
 * run in this process by default and on BullMQ in Redis with `REDIS_URL`. Opening the database or Redis fails the
 * boot fast with a message naming the setting.
 */
/**
 * What to warn about at boot when Redis is set without a shared database: queues are then shared through Redis, but
 * the feedback and bandit logs live in each instance's own embedded database.
 */
export function sharingWarning(p: Pick<PersistenceConfig, 'redisUrl' | 'databaseUrl'>): string | undefined {
  if (!p.redisUrl || p.databaseUrl) return undefined;
  return (
    'REDIS_URL is set without DATABASE_URL: instances share queues but not the feedback and bandit logs; ' +
    'set DATABASE_URL to one PostgreSQL for several instances'
  );
}

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: SQL_DATABASE,
      useFactory: (config: AppConfig) => openSqlDatabase(config.persistence),
      inject: [AppConfig],
    },
    {
      provide: REDIS_CONNECTION,
      useFactory: (config: AppConfig) => {
        const p = config.persistence;
        if (!p.redisUrl) return null;
        const warning = sharingWarning(p);
        if (warning) new Logger('Persistence').warn({ event: 'redis_without_shared_database', message: warning });
        return openRedis(p.redisUrl, p.connectTimeoutMs);
      },
      inject: [AppConfig],
    },
    MigrationRunner,
    {
      provide: KEY_VALUE_STORE,
      useFactory: (db: SqlDatabase, clock: Clock) => new SqlKeyValueStore(db.db, clock),
      inject: [SQL_DATABASE, CLOCK],
    },
    {
      provide: JOB_QUEUE,
      useFactory: (redis: RedisConnection | null, clock: Clock, ids: IdGenerator, config: AppConfig) => {
        const p = config.persistence;
        return redis
          ? new BullMqJobQueue(redis, ids, {
              prefix: p.redisPrefix,
              closeTimeoutMs: config.kernel.shutdownTimeoutMs,
              lockDurationMs: p.jobLockMs,
            })
          : new InProcessJobQueue(clock, ids, { closeTimeoutMs: config.kernel.shutdownTimeoutMs });
      },
      inject: [REDIS_CONNECTION, CLOCK, ID_GENERATOR, AppConfig],
    },
    {
      provide: SCHEDULER,
      useFactory: (redis: RedisConnection | null, jobs: BackgroundJobs, config: AppConfig) =>
        redis
          ? new BullMqScheduler(redis, {
              prefix: config.persistence.redisPrefix,
              closeTimeoutMs: config.kernel.shutdownTimeoutMs,
              lockDurationMs: config.persistence.jobLockMs,
            })
          : new InProcessScheduler(jobs),
      inject: [REDIS_CONNECTION, BackgroundJobs, AppConfig],
    },
    PersistenceLifecycle,
  ],
  exports: [SQL_DATABASE, REDIS_CONNECTION, KEY_VALUE_STORE, JOB_QUEUE, SCHEDULER, MigrationRunner],
})
export class PersistenceModule {}
