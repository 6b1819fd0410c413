import { Logger } from '@nestjs/common';
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import type { RedisConnection } from '../../../core/queue/redis/redis-connection';
import { sourceJobId, type DistributedSourceJobs, type SourceJobHandlers, type SourceJobRef } from './source-jobs';

/** The BullMQ queue that carries the monitoring jobs. */
export const MONITORING_QUEUE = 'monitoring';
/** The job scheduler id of the drain. */
export const DRAIN_JOB_ID = 'monitor-drain';
const CHECK = 'check';
const DRAIN = 'drain';

const JOB_OPTS = { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } as const;

/**
 * {@link DistributedSourceJobs} on BullMQ: `upsertJobScheduler('monitor:<tenant>:<source>', { every })` on the
 * `monitoring` queue, one scheduler per source, and one for the drain. Each period is one job, taken by exactly
 * one instance's worker, so two instances never check one source in the same period. The worker's concurrency is
 * the instance's `maxConcurrentChecks` (the engine's own limiter orders them by priority).
 */
export class BullMqSourceJobs implements DistributedSourceJobs {
  private readonly logger = new Logger(BullMqSourceJobs.name);
  private abort = new AbortController();
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: { readonly prefix: string; readonly concurrency: number },
  ) {
    this.queue = new Queue(MONITORING_QUEUE, { connection: redis.client, prefix: options.prefix });
    this.queue.on('error', () => undefined);
  }

  async upsert(ref: SourceJobRef, everyMs: number, startAt: number): Promise<void> {
    if (!Number.isInteger(everyMs) || everyMs < 1) throw new Error(`everyMs must be an integer ≥ 1, got ${everyMs}`);
    await this.queue.upsertJobScheduler(
      sourceJobId(ref),
      { every: everyMs, startDate: startAt },
      { name: CHECK, data: ref, opts: JOB_OPTS },
    );
  }

  remove(ref: Pick<SourceJobRef, 'tenantId' | 'sourceId'>): Promise<boolean> {
    return this.queue.removeJobScheduler(sourceJobId(ref));
  }

  async drainEvery(everyMs: number): Promise<void> {
    await this.queue.upsertJobScheduler(DRAIN_JOB_ID, { every: everyMs }, { name: DRAIN, data: {}, opts: JOB_OPTS });
  }

  /** The schedulers in Redis with their period and next run (every instance's). */
  async list(): Promise<{ id: string; everyMs: number; next: number | undefined }[]> {
    const schedulers = await this.queue.getJobSchedulers();
    return schedulers
      .map((s) => ({ id: s.key, everyMs: Number(s.every), next: s.next }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  listen(handlers: SourceJobHandlers): void {
    if (this.worker) return;
    this.abort = new AbortController();
    this.worker = new Worker(
      MONITORING_QUEUE,
      async (job: BullJob<SourceJobRef>) => {
        if (job.name === DRAIN) return handlers.drain(this.abort.signal);
        return handlers.check(job.data, this.abort.signal);
      },
      { connection: this.redis.client, prefix: this.options.prefix, concurrency: this.options.concurrency },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, e) =>
      this.logger.warn({ event: 'monitoring_job_failed', job: job?.name, job_id: job?.id, err: e.message }),
    );
  }

  /** Stops this instance's worker (waiting at most `timeoutMs`); `listen` may start it again. */
  async close(timeoutMs: number): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    let timer: NodeJS.Timeout | undefined;
    const closing = worker.close();
    const done = await Promise.race([
      closing.then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    this.abort.abort();
    if (!done) await worker.close(true);
  }

  /** Closes the queue too, at application shutdown. */
  async dispose(timeoutMs: number): Promise<void> {
    await this.close(timeoutMs);
    await this.queue.close();
  }
}
