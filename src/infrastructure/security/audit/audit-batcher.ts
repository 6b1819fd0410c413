import { BoundedQueue } from '../../../core/collections/bounded-queue';

export interface AuditBatcherOptions {
  /** Items written together; a full batch is written at once. */
  readonly batchSize: number;
  /** How long a partial batch waits for more items. */
  readonly flushDelayMs: number;
  /** Items held at most, the batch being written included; more are dropped. */
  readonly capacity: number;
  /** First wait after a failed write; doubles per consecutive failure up to `retryMaxDelayMs`. */
  readonly retryDelayMs: number;
  readonly retryMaxDelayMs: number;
}

export interface AuditBatcherSink<T> {
  /** Stores the batch, all or nothing; a rejection keeps the items, in place, for a retry. */
  write(batch: readonly T[]): Promise<void>;
  /** A write failed; it is retried after `retryInMs`. */
  onWriteFailed?(error: unknown, attempt: number, batchSize: number, retryInMs: number): void;
  /** An item was refused (full, or stopped); `episode` counts the refusals since the last overflow notice. */
  onDropped?(episode: number): void;
  /** The item that records, in order, that `dropped` items were refused; queued as soon as there is room. */
  overflowNotice?(dropped: number): T;
}

/**
 * An ordered write-behind buffer: items are written in the order pushed, in batches, by one writer at a time.
 * A batch is written when `batchSize` items wait or `flushDelayMs` after the first one; while a write runs,
 * what arrives queues up and goes in the next batch, so batches grow with load (group commit). A failed write
 * keeps its items at the front and is retried with exponential backoff; nothing is reordered or lost. The
 * buffer is bounded: when `capacity` items are held, pushes are refused and counted, and an overflow notice
 * takes the first free place so the gap is on record. No Nest imports; timers are the global ones (fakeable).
 */
export class AuditBatcher<T> {
  private readonly queue: BoundedQueue<T>;
  private inFlight = 0;
  private accepted = 0;
  private stored = 0;
  private droppedInEpisode = 0;
  private failures = 0;
  private stopped = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private backoff: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private writer: Promise<void> | null = null;
  private waiters: { target: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  /** Items refused since construction. */
  dropped = 0;

  constructor(
    private readonly options: AuditBatcherOptions,
    private readonly sink: AuditBatcherSink<T>,
  ) {
    this.queue = new BoundedQueue<T>(options.capacity);
  }

  /** Items accepted and not stored yet (the batch being written included). */
  get pending(): number {
    return this.queue.size + this.inFlight;
  }

  /** Queues `item`; false when it was refused (buffer full, or stopped). Never throws, never waits. */
  push(item: T): boolean {
    if (this.droppedInEpisode > 0 && this.sink.overflowNotice && this.hasRoom(2)) {
      this.enqueue(this.sink.overflowNotice(this.droppedInEpisode));
      this.droppedInEpisode = 0;
    }
    if (this.stopped || !this.hasRoom(1)) {
      this.dropped++;
      this.droppedInEpisode++;
      this.sink.onDropped?.(this.droppedInEpisode);
      return false;
    }
    this.enqueue(item);
    return true;
  }

  /**
   * Resolves once every item accepted before the call is stored (waits through retries); rejects when the
   * batcher is stopped before that.
   */
  flush(): Promise<void> {
    const target = this.accepted;
    if (this.stored >= target) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    if (this.stopped) this.failWaitersAfterWriter();
    else this.kick();
    return done;
  }

  /**
   * {@link flush}, giving up after `timeoutMs`; resolves with how many of the items accepted before the call are
   * still not stored. Items pushed while it waits are not counted: they are the next flush's.
   */
  async flushWithin(timeoutMs: number): Promise<number> {
    const target = this.accepted;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.flush(), timeout]);
    clearTimeout(timer);
    return Math.max(0, target - this.stored);
  }

  /**
   * Refuses new items and cancels timers; a write in progress finishes, nothing is retried afterwards, and
   * pending `flush` calls that it does not satisfy reject.
   */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.backoff) {
      clearTimeout(this.backoff.timer);
      this.backoff.wake();
    }
    this.failWaitersAfterWriter();
  }

  private failWaitersAfterWriter(): void {
    void (this.writer ?? Promise.resolve()).then(() => {
      const error = new Error(`The audit buffer was stopped with ${this.pending} entries not stored`);
      for (const w of this.waiters.splice(0)) w.reject(error);
    });
  }

  private hasRoom(n: number): boolean {
    return this.queue.size + this.inFlight + n <= this.options.capacity;
  }

  private enqueue(item: T): void {
    this.queue.push(item);
    this.accepted++;
    if (this.writer) return;
    if (this.queue.size >= this.options.batchSize) this.kick();
    else this.flushTimer ??= unref(setTimeout(() => this.kick(), this.options.flushDelayMs));
  }

  private kick(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.writer || this.stopped) return;
    this.writer = this.drain().finally(() => {
      this.writer = null;
      // Items pushed after the loop's last look are picked up here.
      if (this.queue.size > 0 && !this.stopped) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.stopped) {
      const batch = this.queue.popMany(this.options.batchSize);
      this.inFlight = batch.length;
      try {
        await this.sink.write(batch);
      } catch (e) {
        this.queue.unshiftMany(batch);
        this.inFlight = 0;
        this.failures++;
        const o = this.options;
        const delay = Math.min(o.retryMaxDelayMs, o.retryDelayMs * 2 ** Math.min(this.failures - 1, 30));
        try {
          this.sink.onWriteFailed?.(e, this.failures, batch.length, delay);
        } catch {
          // A failing observer must not stop the writer.
        }
        await new Promise<void>((wake) => (this.backoff = { timer: unref(setTimeout(wake, delay)), wake }));
        this.backoff = undefined;
        continue;
      }
      this.inFlight = 0;
      this.failures = 0;
      this.stored += batch.length;
      const waiting = this.waiters;
      this.waiters = [];
      for (const w of waiting) {
        if (w.target <= this.stored) w.resolve();
        else this.waiters.push(w);
      }
    }
  }
}

/** Lets the process exit while the timer is pending (a shutdown flush bounds the wait itself). */
function unref(timer: NodeJS.Timeout): NodeJS.Timeout {
  timer.unref?.();
  return timer;
}
