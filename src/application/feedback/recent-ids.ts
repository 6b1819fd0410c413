/**
 * Remembers the newest `capacity` ids (for dedupe); the oldest is forgotten first. Memory grows with the ids
 * actually remembered, not with the capacity, so one per tenant costs nothing until that tenant sends ids.
 */
export class RecentIds {
  // A Set iterates in insertion order: its first element is the oldest id.
  private readonly set = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.set.has(id);
  }

  /** Remembers `id` (call it once the id is accepted). */
  remember(id: string): void {
    if (this.set.has(id)) return;
    this.set.add(id);
    if (this.set.size > this.capacity) this.set.delete(this.set.values().next().value as string);
  }

  get size(): number {
    return this.set.size;
  }
}
