/** How a {@link GroupCommit} batches. */
export interface GroupCommitOptions {
  /** A batch is written as soon as it holds this many items. */
  readonly maxItems: number;
  /** An item waits at most this long for others to join its batch (0: the next turn of the event loop). */
  readonly lingerMs: number;
}

/** What a {@link GroupCommit} has written so far. */
export interface GroupCommitStats {
  readonly batches: number;
  readonly items: number;
  readonly largestBatch: number;
}

interface Waiter<I, O> {
  readonly item: I;
  readonly resolve: (out: O) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Group commit: concurrent writers share one write (one transaction) instead of paying for one each. An item joins
 * the open batch; the batch is written when it holds `maxItems`, when `lingerMs` has passed since its first item,
 * or — when a write is already running — as soon as that write ends. One write runs at a time and batches are
 * written in arrival order, so `write` sees every item in submission order and may apply its effects in that order.
 * A write that throws rejects every item of its batch (none of them is acknowledged) and the next batch goes on.
 */
export class GroupCommit<I, O> {
  private pending: Waiter<I, O>[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private written = { batches: 0, items: 0, largestBatch: 0 };

  constructor(
    /** Writes a batch durably and returns one outcome per item, in order. */
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: GroupCommitOptions,
  ) {
    if (!Number.isInteger(options.maxItems) || options.maxItems < 1)
      throw new Error(`maxItems must be an integer ≥ 1, got ${options.maxItems}`);
    if (!Number.isFinite(options.lingerMs) || options.lingerMs < 0)
      throw new Error(`lingerMs must be a number ≥ 0, got ${options.lingerMs}`);
  }

  /** Resolves with the item's outcome once the batch holding it is written; rejects when that write failed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxItems) this.start();
      else if (this.running === undefined && this.timer === undefined)
        this.timer = setTimeout(() => this.start(), this.options.lingerMs);
    });
  }

  /** Writes everything submitted so far and resolves when it is written (shutdown, tests). */
  async flush(): Promise<void> {
    this.start();
    while (this.running) await this.running;
  }

  /** Items waiting for their batch to be written. */
  get waiting(): number {
    return this.pending.length;
  }

  get stats(): GroupCommitStats {
    return { ...this.written };
  }

  private start(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    // A running write takes the next batch when it ends.
    if (this.running === undefined && this.pending.length > 0) this.running = this.run();
  }

  private async run(): Promise<void> {
    while (this.pending.length > 0) {
      const batch =
        this.pending.length <= this.options.maxItems ? this.pending : this.pending.slice(0, this.options.maxItems);
      this.pending = batch === this.pending ? [] : this.pending.slice(batch.length);
      await this.writeBatch(batch);
    }
    this.running = undefined;
  }

  private async writeBatch(batch: Waiter<I, O>[]): Promise<void> {
    let outcomes: readonly O[];
    try {
      outcomes = await this.write(batch.map((w) => w.item));
      if (outcomes.length !== batch.length)
        throw new Error(`a group write returned ${outcomes.length} outcomes for ${batch.length} items`);
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    this.written.batches++;
    this.written.items += batch.length;
    this.written.largestBatch = Math.max(this.written.largestBatch, batch.length);
    for (let i = 0; i < batch.length; i++) batch[i].resolve(outcomes[i]);
  }
}
