import { BoundedQueue } from '../../core/collections/bounded-queue';

/** Remembers the newest `capacity` ids (for dedupe); the oldest is forgotten first. */
export class RecentIds {
  private readonly set = new Set<string>();
  private readonly order: BoundedQueue<string>;

  constructor(capacity: number) {
    this.order = new BoundedQueue(capacity);
  }

  has(id: string): boolean {
    return this.set.has(id);
  }

  /** Remembers `id` (call it once the id is accepted). */
  remember(id: string): void {
    if (this.set.has(id)) return;
    this.set.add(id);
    const forgotten = this.order.push(id);
    if (forgotten !== undefined) this.set.delete(forgotten);
  }
}
