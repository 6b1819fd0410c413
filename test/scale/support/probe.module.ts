import { Body, Controller, Get, Inject, Injectable, Module, Post, type OnApplicationBootstrap } from '@nestjs/common';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { sql, type Kysely } from 'kysely';
import { FeedbackModule } from '../../../src/application/feedback/feedback.module';
import { FeedbackService } from '../../../src/application/feedback/feedback.service';
import { OrchestrationContext } from '../../../src/core/context/orchestration-context';
import { MigrationRunner } from '../../../src/core/persistence/migration-runner';
import { SqlMigrations } from '../../../src/core/persistence/sql-migrations.decorator';
import { JOB_QUEUE, type JobQueue } from '../../../src/core/ports/job-queue.port';
import { SCHEDULER, type Scheduler } from '../../../src/core/ports/scheduler.port';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../src/core/ports/sql-database.port';
import { RequirePermission } from '../../../src/core/security/permissions';

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

class FeedbackRangeDto {
  @IsInt() @Min(0) from!: number;
  @IsInt() @Min(1) @Max(100_000) to!: number;
  @IsOptional() @IsIn(['tool', 'model']) componentType?: 'tool' | 'model';
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
    private readonly feedback: FeedbackService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Tool signals are recorded with the instance that processed them (the feedback hub's Redis mode).
    this.feedback.registerSink('tool', { ready: () => true, accept: (s) => this.record(s.signalId, 'feedback', 1) });
    this.queue.process<number>('scale-work', (job) => this.record(job.id, 'work', job.attempt), { concurrency: 10 });
    this.queue.process<number>('scale-slow', async (job) => {
      await this.record(job.id, 'slow-start', job.attempt);
      // The first attempt never finishes on its own: the test kills this instance while it runs.
      if (job.attempt === 1)
        await new Promise<void>((resolve) => job.signal.addEventListener('abort', () => resolve()));
      else await this.record(job.id, 'slow-done', job.attempt);
    });
    const tickMs = Number(process.env.SCALE_TICK_MS ?? 0);
    if (tickMs > 0) await this.scheduler.every('scale-tick', tickMs, () => this.record('tick', 'tick', 1));
  }

  async enqueue(body: EnqueueDto): Promise<number> {
    let added = 0;
    for (let n = body.from; n < body.to; n++)
      if (!(await this.queue.add(body.queue, n, { jobId: `${body.queue}-${n}`, delayMs: body.delayMs })).deduplicated)
        added++;
    return added;
  }

  /** Submits tool (or model) signals `fb-<from>` … `fb-<to − 1>` through the feedback hub; returns how many were queued. */
  async submitFeedback(body: FeedbackRangeDto): Promise<number> {
    const ctx = OrchestrationContext.create({ tenantId: 'scale' });
    const submits: Promise<unknown>[] = [];
    let queued = 0;
    for (let n = body.from; n < body.to; n++) {
      submits.push(
        this.feedback
          .submit(ctx, {
            signalId: `fb-${n}`,
            componentType: body.componentType ?? 'tool',
            componentId: `tool-${n % 7}`,
            reward: 0.5,
          })
          .then((r) => r.status === 'ok' && r.data.queued && queued++),
      );
      if (submits.length === 50) await Promise.all(submits.splice(0));
    }
    await Promise.all(submits);
    return queued;
  }

  private async record(jobId: string, kind: string, attempt: number): Promise<void> {
    await sql`insert into scale_runs (job_id, kind, instance, attempt, at) values (${jobId}, ${kind}, ${INSTANCE}, ${attempt}, ${Date.now()})`.execute(
      this.database.db,
    );
  }
}

// The probe's routes act on the instance itself (queues, migrations): an admin's operation.
@RequirePermission('scale.admin')
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

  @Post('feedback')
  async submitFeedback(@Body() body: FeedbackRangeDto): Promise<{ queued: number }> {
    return { queued: await this.probe.submitFeedback(body) };
  }

  @Get('migrations')
  applied(): { instance: string; applied: readonly string[] } {
    return { instance: INSTANCE, applied: this.migrations.appliedAtBoot() };
  }
}

@Module({
  imports: [FeedbackModule],
  providers: [ScaleProbeMigrations, ScaleProbe],
  controllers: [ScaleProbeController],
})
export class ScaleProbeModule {}
