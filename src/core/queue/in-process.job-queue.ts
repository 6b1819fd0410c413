import type { Clock } from '../runtime/clock';
import type { IdGenerator } from '../runtime/id-generator';
import type {
  AddedJob,
  AddJobOptions,
  DeadLetter,
  Job,
  JobQueue,
  ProcessOptions,
  QueueCounts,
} from '../ports/job-queue.port';
import { backoffMs, checkAddOptions, checkProcessOptions } from './job-options';

interface QueuedJob {
  readonly id: string;
  readonly data: unknown;
  readonly priority: number;
  readonly seq: number;
  readonly attempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  attempt: number;
  availableAt: number;
}

interface QueueState {
  readonly name: string;
  handler?: (job: Job) => Promise<unknown>;
  concurrency: number;
  rateLimit?: { max: number; durationMs: number };
  /** Due jobs, by priority then arrival. */
  readonly ready: QueuedJob[];
  /** Jobs waiting for their time (delay or backoff), by time. */
  readonly delayed: QueuedJob[];
  readonly live: Set<string>;
  readonly starts: number[];
  active: number;
  completed: number;
  failed: number;
  readonly deadLetters: DeadLetter[];
  timer?: NodeJS.Timeout;
  timerAt?: number;
}

export interface InProcessJobQueueOptions {
  /** Dead letters kept per queue (oldest dropped). Default 1000. */
  readonly maxDeadLetters?: number;
  /** How long close() waits for running jobs. Default 5000 ms. */
  readonly closeTimeoutMs?: number;
}

/**
 * {@link JobQueue} in this process: no server, nothing survives a restart. Jobs run in priority order once due,
 * up to `concurrency` at once and `rateLimit` starts per window; a failure is retried after
 * `min(base · 2^(attempt-1), max)` until `attempts` calls, then dead-lettered. Timers come from the global
 * `setTimeout` (jest's fake timers drive them in tests) and time from the injected clock.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly queues = new Map<string, QueueState>();
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private seq = 0;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly options: InProcessJobQueueOptions = {},
  ) {}

  async add<T>(queue: string, data: T, options: AddJobOptions = {}): Promise<AddedJob> {
    if (this.closed) throw new Error(`Cannot add to queue "${queue}": the queue is closed`);
    const checked = checkAddOptions(queue, options);
    const state = this.state(queue);
    const id = options.jobId ?? this.ids.uuid();
    if (state.live.has(id)) return { id, deduplicated: true };
    const job: QueuedJob = {
      id,
      data,
      priority: checked.priority,
      seq: ++this.seq,
      attempts: checked.attempts,
      backoffBaseMs: checked.backoffBaseMs,
      backoffMaxMs: checked.backoffMaxMs,
      attempt: 0,
      availableAt: this.clock.now() + checked.delayMs,
    };
    state.live.add(id);
    this.enqueue(state, job);
    this.pump(state);
    return { id, deduplicated: false };
  }

  process<T>(queue: string, handler: (job: Job<T>) => Promise<unknown>, options: ProcessOptions = {}): void {
    const { concurrency, globalConcurrency } = checkProcessOptions(queue, options);
    const state = this.state(queue);
    if (state.handler) throw new Error(`Queue "${queue}" already has a handler`);
    state.handler = handler as (job: Job) => Promise<unknown>;
    // One process is every instance there is: the global cap is just a tighter local one.
    state.concurrency = Math.min(concurrency, globalConcurrency ?? concurrency);
    state.rateLimit = options.rateLimit;
    this.pump(state);
  }

  async counts(queue: string): Promise<QueueCounts> {
    const s = this.state(queue);
    return {
      waiting: s.ready.length,
      delayed: s.delayed.length,
      active: s.active,
      completed: s.completed,
      failed: s.failed,
    };
  }

  async deadLetters(queue: string): Promise<DeadLetter[]> {
    return [...this.state(queue).deadLetters];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.queues.values()) if (s.timer) clearTimeout(s.timer);
    this.abort.abort();
    const timeoutMs = this.options.closeTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private state(name: string): QueueState {
    let s = this.queues.get(name);
    if (!s) {
      s = {
        name,
        concurrency: 1,
        ready: [],
        delayed: [],
        live: new Set(),
        starts: [],
        active: 0,
        completed: 0,
        failed: 0,
        deadLetters: [],
      };
      this.queues.set(name, s);
    }
    return s;
  }

  private enqueue(s: QueueState, job: QueuedJob): void {
    if (job.availableAt > this.clock.now())
      insertSorted(s.delayed, job, (a, b) => a.availableAt - b.availableAt || a.seq - b.seq);
    else insertSorted(s.ready, job, byPriority);
  }

  /** Starts what may start now and arms one timer for the next moment something may. */
  private pump(s: QueueState): void {
    if (this.closed || !s.handler) return;
    const now = this.clock.now();
    while (s.delayed.length > 0 && s.delayed[0].availableAt <= now)
      insertSorted(s.ready, s.delayed.shift()!, byPriority);
    while (s.ready.length > 0 && s.active < s.concurrency) {
      const wait = this.rateLimitWait(s, now);
      if (wait > 0) return this.arm(s, now + wait);
      this.start(s, s.ready.shift()!, now);
    }
    if (s.delayed.length > 0) this.arm(s, s.delayed[0].availableAt);
  }

  private rateLimitWait(s: QueueState, now: number): number {
    if (!s.rateLimit) return 0;
    while (s.starts.length > 0 && s.starts[0] <= now - s.rateLimit.durationMs) s.starts.shift();
    return s.starts.length < s.rateLimit.max ? 0 : s.starts[0] + s.rateLimit.durationMs - now;
  }

  private arm(s: QueueState, at: number): void {
    if (s.timer && s.timerAt !== undefined && s.timerAt <= at) return;
    if (s.timer) clearTimeout(s.timer);
    s.timerAt = at;
    s.timer = setTimeout(
      () => {
        s.timer = undefined;
        s.timerAt = undefined;
        this.pump(s);
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  private start(s: QueueState, job: QueuedJob, now: number): void {
    s.active++;
    if (s.rateLimit) s.starts.push(now);
    job.attempt++;
    const run = this.run(s, job).finally(() => {
      this.running.delete(run);
      s.active--;
      this.pump(s);
    });
    this.running.add(run);
  }

  private async run(s: QueueState, job: QueuedJob): Promise<void> {
    try {
      await s.handler!({ id: job.id, queue: s.name, data: job.data, attempt: job.attempt, signal: this.abort.signal });
      s.completed++;
      s.live.delete(job.id);
    } catch (e) {
      if (job.attempt < job.attempts && !this.closed) {
        job.availableAt = this.clock.now() + backoffMs(job.backoffBaseMs, job.backoffMaxMs, job.attempt);
        this.enqueue(s, job);
        return;
      }
      s.failed++;
      s.live.delete(job.id);
      s.deadLetters.push({
        id: job.id,
        queue: s.name,
        data: job.data,
        attempts: job.attempt,
        error: e instanceof Error ? e.message : String(e),
        failedAt: this.clock.now(),
      });
      if (s.deadLetters.length > (this.options.maxDeadLetters ?? 1000)) s.deadLetters.shift();
    }
  }
}

function byPriority(a: QueuedJob, b: QueuedJob): number {
  return a.priority - b.priority || a.seq - b.seq;
}

function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid], item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
