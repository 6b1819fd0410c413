import type { BlockEntry, BlockKind } from './blocklist';

/**
 * Where blocklist entries are kept for every instance (and across restarts); each instance enforces a copy in
 * memory. Re-blocking never shortens an entry in force.
 */
export interface BlocklistStore {
  /**
   * Blocks `entry.value` until `entry.until`, unless an entry in force at `now` ends at least as late (it is kept,
   * reason included); an expired entry is replaced. Returns the entry in force.
   */
  block(entry: BlockEntry, now: number): Promise<BlockEntry>;
  /** Lifts an entry, expired or not; false when there was none. */
  unblock(kind: BlockKind, value: string): Promise<boolean>;
  /** The entry of a subject in force at `now`, if any. */
  get(kind: BlockKind, value: string, now: number): Promise<BlockEntry | undefined>;
  /**
   * Entries in force at `now`, those that end first first (in an unspecified order among equal ends); at most
   * `limit`, the latest-ending kept.
   */
  listActive(now: number, limit: number): Promise<BlockEntry[]>;
  /** Deletes entries expired at `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}

export const BLOCKLIST_STORE = Symbol('BLOCKLIST_STORE');
