/**
 * The newest `size` samples, oldest first, in a fixed ring (O(1) push), with running totals: how many failed and
 * the sum of latencies. Samples older than `maxAgeMs` leave on `prune(now)`.
 */
export class SlidingWindow {
  /** 1 for a success, 0 for a failure. */
  private readonly ok: Uint8Array;
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
    this.ok = new Uint8Array(size);
    this.latency = new Float64Array(size);
    this.at = new Float64Array(size);
  }

  get length(): number {
    return this.count;
  }

  push(ok: boolean, at: number, latencyMs = 0): void {
    if (this.count === this.size) this.dropOldest();
    let i = this.head + this.count;
    if (i >= this.size) i -= this.size;
    this.ok[i] = ok ? 1 : 0;
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
    if (this.ok[this.head] === 0) this.failures--;
    this.latencySum -= this.latency[this.head];
    if (++this.head === this.size) this.head = 0;
    this.count--;
    if (this.count === 0) this.latencySum = 0;
  }
}
