import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { BackgroundJobs } from '../jobs/background-jobs';
import { JOB_QUEUE } from '../ports/job-queue.port';
import { KEY_VALUE_STORE } from '../ports/key-value.port';
import { SCHEDULER } from '../ports/scheduler.port';
import { SQL_DATABASE, type SqlDatabase } from '../ports/sql-database.port';
import { InProcessJobQueue } from '../queue/in-process.job-queue';
import { InProcessScheduler } from '../queue/in-process.scheduler';
import { CLOCK, type Clock } from '../runtime/clock';
import { ID_GENERATOR, type IdGenerator } from '../runtime/id-generator';
import { MigrationRunner } from './migration-runner';
import { PersistenceLifecycle } from './persistence.lifecycle';
import { openSqlDatabase } from './sql-database.factory';
import { SqlKeyValueStore } from './sql-key-value.store';

/**
 * State and background work, global: the SQL database (embedded PGlite by default, PostgreSQL with
 * `DATABASE_URL`) with migrations run at boot, a key-value store with expiry, a job queue and a scheduler.
 * Opening the database fails the boot fast with a message naming the setting.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: SQL_DATABASE, useFactory: (config: AppConfig) => openSqlDatabase(config.persistence), inject: [AppConfig] },
    MigrationRunner,
    { provide: KEY_VALUE_STORE, useFactory: (db: SqlDatabase, clock: Clock) => new SqlKeyValueStore(db.db, clock), inject: [SQL_DATABASE, CLOCK] },
    {
      provide: JOB_QUEUE,
      useFactory: (clock: Clock, ids: IdGenerator, config: AppConfig) => new InProcessJobQueue(clock, ids, { closeTimeoutMs: config.kernel.shutdownTimeoutMs }),
      inject: [CLOCK, ID_GENERATOR, AppConfig],
    },
    { provide: SCHEDULER, useFactory: (jobs: BackgroundJobs) => new InProcessScheduler(jobs), inject: [BackgroundJobs] },
    PersistenceLifecycle,
  ],
  exports: [SQL_DATABASE, KEY_VALUE_STORE, JOB_QUEUE, SCHEDULER, MigrationRunner],
})
export class PersistenceModule {}
