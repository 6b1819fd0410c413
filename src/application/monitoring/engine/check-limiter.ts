interface Waiting {
  readonly priority: number;
  readonly dueAt: number;
  readonly seq: number;
  readonly start: () => void;
}

/**
 * Bounds the checks running at once on this instance. A check waiting for a slot starts in order of priority
 * (1 = highest), then due time, then arrival; a high-priority source therefore weighs more when checks compete.
 */
export class CheckLimiter {
  private running = 0;
  private seq = 0;
  private readonly waiting: Waiting[] = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`max concurrent checks must be an integer ≥ 1, got ${max}`);
  }

  /** Runs `task` when a slot is free; the slot is released however it ends. */
  run<T>(priority: number, dueAt: number, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.next();
          });
      };
      if (this.running < this.max) return start();
      this.waiting.push({ priority, dueAt, seq: this.seq++, start });
      this.waiting.sort((a, b) => a.priority - b.priority || a.dueAt - b.dueAt || a.seq - b.seq);
    });
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private next(): void {
    const head = this.waiting.shift();
    if (head) head.start();
  }
}
