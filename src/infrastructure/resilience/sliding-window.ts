/** The newest `size` samples no older than `maxAgeMs`, oldest first. */
export class SlidingWindow<T> {
  private readonly items: { value: T; at: number }[] = [];

  constructor(
    private readonly size: number,
    private readonly maxAgeMs: number = Number.POSITIVE_INFINITY,
  ) {}

  push(value: T, at: number): void {
    this.items.push({ value, at });
    if (this.items.length > this.size) this.items.shift();
  }

  /** The samples still in the window at `now` (without `now`, age is not checked). */
  values(now?: number): T[] {
    if (now !== undefined) while (this.items.length > 0 && now - this.items[0].at > this.maxAgeMs) this.items.shift();
    return this.items.map((i) => i.value);
  }

  clear(): void {
    this.items.length = 0;
  }
}
