/** A FIFO of fixed capacity: pushing onto a full queue drops (and returns) the oldest item. O(1) push and pop. */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error(`capacity must be an integer ≥ 1, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the item it evicted when the queue was full. */
  push(item: T): T | undefined {
    const tail = (this.head + this.count) % this.capacity;
    if (this.count < this.capacity) {
      this.items[tail] = item;
      this.count++;
      return undefined;
    }
    const dropped = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return dropped;
  }

  /** Removes and returns up to `n` items, oldest first. */
  popMany(n: number): T[] {
    const k = Math.min(n, this.count);
    const out = new Array<T>(k);
    for (let i = 0; i < k; i++) {
      out[i] = this.items[this.head] as T;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= k;
    return out;
  }

  /** Puts `items` back at the front, in order (used when a sink cannot take them yet); never evicts. */
  unshiftMany(items: readonly T[]): void {
    const room = Math.min(items.length, this.capacity - this.count);
    for (let i = room - 1; i >= 0; i--) {
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.items[this.head] = items[i];
      this.count++;
    }
  }

  /** The items, oldest first, without removing them. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.capacity] as T;
    return out;
  }
}
