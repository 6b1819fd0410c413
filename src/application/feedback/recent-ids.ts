import { arrayAt, snapshotAt, stringAt } from './snapshot-fields';

/** What {@link RecentIds} remembers, as JSON: the ids oldest first. */
export interface RecentIdsSnapshot {
  readonly ids: readonly string[];
}

/**
 * Remembers the newest `capacity` ids (for dedupe); the oldest is forgotten first. Memory grows with the ids
 * actually remembered, not with the capacity, so one per tenant costs nothing until that tenant sends ids.
 */
export class RecentIds {
  // A Set iterates in insertion order: its first element is the oldest id.
  private readonly set = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** The ids of a {@link RecentIdsSnapshot} read back from JSON, remembered in order (so beyond `capacity` the oldest are forgotten). */
  static restore(snapshot: unknown, capacity: number): RecentIds {
    const ids = arrayAt(snapshotAt(snapshot).ids, 'ids');
    const out = new RecentIds(capacity);
    ids.forEach((id, i) => out.remember(stringAt(id, `ids[${i}]`)));
    return out;
  }

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

  snapshot(): RecentIdsSnapshot {
    return { ids: [...this.set] };
  }
}
