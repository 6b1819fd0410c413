import { Logger } from '@nestjs/common';
import { Queue, Worker, type Job as BullJob } from 'bullmq';
import type { Scheduler } from '../../ports/scheduler.port';
import { assertQueueName } from '../job-options';
import type { RedisConnection } from './redis-connection';

type Handler = (signal: AbortSignal) => unknown;

/** Name of the BullMQ queue that carries every repeatable job. */
export const SCHEDULER_QUEUE = 'scheduler';

/**
 * {@link Scheduler} on BullMQ job schedulers: each repeatable job is one scheduler in Redis (upserted, so every
 * instance may declare it at boot) and each period's run is one job taken by exactly one instance. Every instance
 * must register the same handlers; a run with no handler here fails and is logged.
 */
export class BullMqScheduler implements Scheduler {
  private readonly logger = new Logger(BullMqScheduler.name);
  private readonly handlers = new Map<string, Handler>();
  private readonly abort = new AbortController();
  private readonly queue: Queue;
  private worker?: Worker;
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: {
      readonly prefix: string;
      readonly closeTimeoutMs: number;
      readonly lockDurationMs?: number;
    },
  ) {
    this.queue = new Queue(SCHEDULER_QUEUE, { connection: redis.client, prefix: options.prefix });
    this.queue.on('error', () => undefined);
  }

  async every(name: string, everyMs: number, handler: Handler): Promise<void> {
    assertQueueName(name);
    if (!Number.isInteger(everyMs) || everyMs < 1) throw new Error(`everyMs must be an integer ≥ 1, got ${everyMs}`);
    if (this.closed) throw new Error(`Cannot schedule "${name}": the scheduler is closed`);
    this.handlers.set(name, handler);
    await this.queue.upsertJobScheduler(
      name,
      { every: everyMs },
      { name, opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
    );
    this.startWorker();
  }

  async cancel(name: string): Promise<boolean> {
    const known = this.handlers.delete(name);
    const removed = await this.queue.removeJobScheduler(name);
    return known || removed;
  }

  /** Names of the repeatable jobs in Redis, with their period (every instance's, not only this one's). */
  async list(): Promise<{ name: string; everyMs: number; next?: number }[]> {
    const schedulers = await this.queue.getJobSchedulers();
    return schedulers
      .map((s) => ({ name: s.key, everyMs: Number(s.every), next: s.next }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    const closing = this.worker?.close() ?? Promise.resolve();
    const done = await Promise.race([
      closing.then(() => true),
      new Promise<false>((r) => (timer = setTimeout(() => r(false), this.options.closeTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (!done) await this.worker?.close(true);
    await this.queue.close();
  }

  private startWorker(): void {
    if (this.worker) return;
    this.worker = new Worker(
      SCHEDULER_QUEUE,
      async (job: BullJob) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`No handler for repeatable job "${job.name}" on this instance`);
        await handler(this.abort.signal);
      },
      {
        connection: this.redis.client,
        prefix: this.options.prefix,
        concurrency: 4,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.lockDurationMs ?? 30_000,
      },
    );
    this.worker.on('error', () => undefined);
    this.worker.on('failed', (job, e) =>
      this.logger.warn({ event: 'repeatable_job_failed', job: job?.name, err: e.message }),
    );
  }
}
