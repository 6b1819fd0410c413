import { Body, Controller, Get, Inject, Injectable, Module, Post, type OnApplicationBootstrap } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { sql, type Kysely } from 'kysely';
import { MigrationRunner } from '../../../src/core/persistence/migration-runner';
import { SqlMigrations } from '../../../src/core/persistence/sql-migrations.decorator';
import { JOB_QUEUE, type JobQueue } from '../../../src/core/ports/job-queue.port';
import { SCHEDULER, type Scheduler } from '../../../src/core/ports/scheduler.port';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../src/core/ports/sql-database.port';

/**
 * What the scale tests run inside each app instance: a feature module with its own migration, a queue whose
 * jobs record which instance ran them, a job that hangs on its first attempt (for the kill -9 test) and a
 * repeatable job that records each run.
 */
@SqlMigrations()
@Injectable()
export class ScaleProbeMigrations {
  readonly migrations: MigrationSet = {
    '2026_11_24_900_scale_probe': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('scale_runs')
          .addColumn('seq', 'serial', (c) => c.primaryKey())
          .addColumn('job_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('instance', 'text', (c) => c.notNull())
          .addColumn('attempt', 'integer', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
  };
}

class EnqueueDto {
  @IsString() queue!: string;
  @IsInt() @Min(0) from!: number;
  @IsInt() @Min(1) @Max(100_000) to!: number;
  @IsOptional() @IsInt() @Min(0) delayMs?: number;
}

const INSTANCE = process.env.INSTANCE_NAME ?? 'solo';

@Injectable()
export class ScaleProbe implements OnApplicationBootstrap {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SCHEDULER) private readonly scheduler: Scheduler,
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.queue.process<number>('scale-work', (job) => this.record(job.id, 'work', job.attempt), { concurrency: 10 });
    this.queue.process<number>('scale-slow', async (job) => {
      await this.record(job.id, 'slow-start', job.attempt);
      // The first attempt never finishes on its own: the test kills this instance while it runs.
      if (job.attempt === 1) await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      else await this.record(job.id, 'slow-done', job.attempt);
    });
    const tickMs = Number(process.env.SCALE_TICK_MS ?? 0);
    if (tickMs > 0) await this.scheduler.every('scale-tick', tickMs, () => this.record('tick', 'tick', 1));
  }

  async enqueue(body: EnqueueDto): Promise<number> {
    let added = 0;
    for (let n = body.from; n < body.to; n++) if (!(await this.queue.add(body.queue, n, { jobId: `${body.queue}-${n}`, delayMs: body.delayMs })).deduplicated) added++;
    return added;
  }

  private async record(jobId: string, kind: string, attempt: number): Promise<void> {
    await sql`insert into scale_runs (job_id, kind, instance, attempt, at) values (${jobId}, ${kind}, ${INSTANCE}, ${attempt}, ${Date.now()})`.execute(this.database.db);
  }
}

@Controller('scale')
export class ScaleProbeController {
  constructor(
    private readonly probe: ScaleProbe,
    private readonly migrations: MigrationRunner,
  ) {}

  @Post('enqueue')
  async enqueue(@Body() body: EnqueueDto): Promise<{ added: number }> {
    return { added: await this.probe.enqueue(body) };
  }

  @Get('migrations')
  applied(): { instance: string; applied: readonly string[] } {
    return { instance: INSTANCE, applied: this.migrations.appliedAtBoot() };
  }
}

@Module({ providers: [ScaleProbeMigrations, ScaleProbe], controllers: [ScaleProbeController] })
export class ScaleProbeModule {}
