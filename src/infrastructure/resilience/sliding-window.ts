/**
 * The newest `size` samples, oldest first, in a fixed ring (O(1) push), with running totals: how many failed and
 * the sum of latencies. Samples older than `maxAgeMs` leave on `prune(now)`.
 */
export class SlidingWindow {
  private readonly ok: boolean[];
  private readonly latency: Float64Array;
  private readonly at: Float64Array;
  private head = 0;
  private count = 0;
  /** Failed samples in the window. */
  failures = 0;
  /** Sum of the samples' latencies. */
  latencySum = 0;

  constructor(
    private readonly size: number,
    private readonly maxAgeMs: number = Number.POSITIVE_INFINITY,
  ) {
    this.ok = new Array<boolean>(size);
    this.latency = new Float64Array(size);
    this.at = new Float64Array(size);
  }

  get length(): number {
    return this.count;
  }

  push(ok: boolean, at: number, latencyMs = 0): void {
    if (this.count === this.size) this.dropOldest();
    const i = (this.head + this.count) % this.size;
    this.ok[i] = ok;
    this.latency[i] = latencyMs;
    this.at[i] = at;
    this.count++;
    if (!ok) this.failures++;
    this.latencySum += latencyMs;
  }

  /** Drops samples older than `maxAgeMs` at `now`. */
  prune(now: number): void {
    while (this.count > 0 && now - this.at[this.head] > this.maxAgeMs) this.dropOldest();
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.failures = 0;
    this.latencySum = 0;
  }

  private dropOldest(): void {
    if (!this.ok[this.head]) this.failures--;
    this.latencySum -= this.latency[this.head];
    this.head = (this.head + 1) % this.size;
    this.count--;
    if (this.count === 0) this.latencySum = 0;
  }
}
