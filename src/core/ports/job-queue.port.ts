/** Options of one job. */
export interface AddJobOptions {
  /** A job with the id of a job still waiting, delayed or running is not added again. */
  readonly jobId?: string;
  /** Run no earlier than this many ms from now. */
  readonly delayMs?: number;
  /** Lower runs first: an integer from 0 (default) to 2 097 150. */
  readonly priority?: number;
  /** Calls in total before the job is dead-lettered (default 3). */
  readonly attempts?: number;
  /** Backoff between attempts: `min(baseMs · 2^(attempt-1), maxMs)` (default 1 000 ms, max 60 000 ms). */
  readonly backoff?: { readonly baseMs: number; readonly maxMs?: number };
}

export interface AddedJob {
  readonly id: string;
  /** True when a job with this id already existed and nothing was added. */
  readonly deduplicated: boolean;
}

/** What a handler is given. */
export interface Job<T = unknown> {
  readonly id: string;
  readonly queue: string;
  readonly data: T;
  /** 1 on the first call. */
  readonly attempt: number;
  /** Aborts when the queue closes. */
  readonly signal: AbortSignal;
}

export interface ProcessOptions {
  /** Jobs of this queue run at most this many at once in this process (default 1). */
  readonly concurrency?: number;
  /**
   * Jobs of this queue run at most this many at once across every instance sharing the queue (Redis mode); in one
   * process it caps `concurrency`. A value of 1 serialises the queue: one job at a time, whichever instance runs it.
   */
  readonly globalConcurrency?: number;
  /** At most `max` job starts per `durationMs`. */
  readonly rateLimit?: { readonly max: number; readonly durationMs: number };
}

/** A job that failed every attempt. */
export interface DeadLetter<T = unknown> {
  readonly id: string;
  readonly queue: string;
  readonly data: T;
  readonly attempts: number;
  readonly error: string;
  readonly failedAt: number;
}

export interface QueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
}

/**
 * Background work by named queue: at-least-once delivery, retries with exponential backoff, dead letters,
 * graceful close. The in-process adapter is the default; a Redis (BullMQ) adapter serves several instances.
 */
export interface JobQueue {
  add<T>(queue: string, data: T, options?: AddJobOptions): Promise<AddedJob>;
  /** Registers the handler of a queue (one per queue) and starts processing. */
  process<T>(queue: string, handler: (job: Job<T>) => Promise<unknown>, options?: ProcessOptions): void;
  counts(queue: string): Promise<QueueCounts>;
  deadLetters(queue: string): Promise<DeadLetter[]>;
  /** Stops taking jobs, aborts running ones' signals and waits for them (bounded); waiting jobs stay queued. */
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
