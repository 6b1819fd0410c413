import { Logger } from '@nestjs/common';
import { Queue, Worker, type Job as BullJob, type MinimalJob } from 'bullmq';
import type {
  AddedJob,
  AddJobOptions,
  DeadLetter,
  Job,
  JobQueue,
  ProcessOptions,
  QueueCounts,
} from '../../ports/job-queue.port';
import type { IdGenerator } from '../../runtime/id-generator';
import { backoffMs, checkAddOptions, checkProcessOptions } from '../job-options';
import type { RedisConnection } from './redis-connection';

/** What is stored in Redis for one job: the caller's id and data, and the backoff cap. */
interface Envelope {
  readonly id: string;
  readonly data: unknown;
  readonly backoffMaxMs: number;
}

export interface BullMqJobQueueOptions {
  /** Prefix of the Redis keys; instances sharing queues use the same one. */
  readonly prefix: string;
  /** How long close() waits for running jobs before it stops waiting. */
  readonly closeTimeoutMs: number;
  /** A running job whose instance stops renewing its lock for this long is given to another instance. Default 30 000. */
  readonly lockDurationMs?: number;
  /** Dead letters kept per queue (oldest dropped). Default 1000. */
  readonly maxDeadLetters?: number;
}

const BACKOFF_TYPE = 'crew-capped-exponential';

/**
 * {@link JobQueue} on BullMQ: queues live in Redis and are shared by every instance with the same prefix, each
 * job runs on one of them. Delivery is at least once: a job whose instance dies mid-run is handed to another
 * once its lock lapses. Deduplication by `jobId` uses BullMQ's deduplication key, which lasts while the job is
 * waiting, delayed or running (the same rule as the in-process adapter).
 */
export class BullMqJobQueue implements JobQueue {
  private readonly logger = new Logger(BullMqJobQueue.name);
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly abort = new AbortController();
  private lastError?: string;
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly ids: IdGenerator,
    private readonly options: BullMqJobQueueOptions,
  ) {}

  async add<T>(queue: string, data: T, options: AddJobOptions = {}): Promise<AddedJob> {
    if (this.closed) throw new Error(`Cannot add to queue "${queue}": the queue is closed`);
    const checked = checkAddOptions(queue, options);
    const internalId = this.ids.uuid();
    const id = options.jobId ?? internalId;
    const envelope: Envelope = { id, data, backoffMaxMs: checked.backoffMaxMs };
    const added = await this.queue(queue).add('job', envelope, {
      jobId: internalId,
      deduplication: options.jobId ? { id: options.jobId } : undefined,
      delay: checked.delayMs,
      // 0 means "no priority" to BullMQ and such jobs jump every prioritised one, so every job gets one.
      priority: checked.priority + 1,
      attempts: checked.attempts,
      backoff: { type: BACKOFF_TYPE, delay: checked.backoffBaseMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: this.options.maxDeadLetters ?? 1000 },
    });
    return { id, deduplicated: added.id !== internalId };
  }

  process<T>(queue: string, handler: (job: Job<T>) => Promise<unknown>, options: ProcessOptions = {}): void {
    const { concurrency, globalConcurrency } = checkProcessOptions(queue, options);
    if (this.closed) throw new Error(`Cannot process queue "${queue}": the queue is closed`);
    if (this.workers.has(queue)) throw new Error(`Queue "${queue}" already has a handler`);
    const worker = new Worker(
      queue,
      async (job: BullJob<Envelope>, _token?: string, signal?: AbortSignal) => {
        const envelope = job.data;
        await handler({
          id: envelope.id,
          queue,
          data: envelope.data as T,
          attempt: job.attemptsStarted,
          signal: signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal,
        });
      },
      {
        connection: this.redis.client,
        prefix: this.options.prefix,
        concurrency,
        limiter: options.rateLimit ? { max: options.rateLimit.max, duration: options.rateLimit.durationMs } : undefined,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.lockDurationMs ?? 30_000,
        maxStalledCount: 3,
        settings: { backoffStrategy: capped },
        // With a global cap the worker starts only once Redis holds the cap, so it never runs a job beyond it.
        autorun: globalConcurrency === undefined,
      },
    );
    worker.on('error', (e) => this.onError(queue, e));
    this.workers.set(queue, worker);
    if (globalConcurrency !== undefined) {
      this.queue(queue)
        .setGlobalConcurrency(globalConcurrency)
        .then(() => (this.closed ? undefined : worker.run()))
        .catch((e: Error) => this.onError(queue, e));
    }
  }

  async counts(queue: string): Promise<QueueCounts> {
    const c = await this.queue(queue).getJobCounts('wait', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    return {
      waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
      delayed: c.delayed ?? 0,
      active: c.active ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async deadLetters(queue: string): Promise<DeadLetter[]> {
    const failed = (await this.queue(queue).getFailed(
      0,
      (this.options.maxDeadLetters ?? 1000) - 1,
    )) as BullJob<Envelope>[];
    return failed
      .filter((job) => job !== undefined && job !== null)
      .map((job) => ({
        id: job.data.id,
        queue,
        data: job.data.data,
        attempts: job.attemptsMade,
        error: job.failedReason,
        failedAt: job.finishedOn ?? job.timestamp,
      }))
      .sort((a, b) => a.failedAt - b.failedAt);
  }

  /** Stops taking jobs, aborts running ones' signals, waits for them up to `closeTimeoutMs`, then closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    const workers = [...this.workers.values()];
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.allSettled(workers.map((w) => w.close())).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.options.closeTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (!drained) await Promise.allSettled(workers.map((w) => w.close(true)));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.redis.client, prefix: this.options.prefix });
      q.on('error', (e) => this.onError(name, e));
      this.queues.set(name, q);
    }
    return q;
  }

  /** Connection errors repeat while Redis is away; log each distinct one once. */
  private onError(queue: string, e: Error): void {
    if (e.message === this.lastError) return;
    this.lastError = e.message;
    this.logger.warn({ event: 'queue_error', queue, err: e.message });
  }
}

function capped(attemptsMade: number, type?: string, _err?: Error, job?: MinimalJob): number {
  if (type !== BACKOFF_TYPE || !job) return 0;
  const base = (job.opts.backoff as { delay?: number } | undefined)?.delay ?? 0;
  const max = (job.data as Envelope).backoffMaxMs;
  return backoffMs(base, max, attemptsMade);
}
