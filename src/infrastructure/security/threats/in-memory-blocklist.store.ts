import { Blocklist, type BlockEntry, type BlockKind } from './blocklist';
import type { BlocklistStore } from './blocklist.store';

/** Blocklist entries in this process only (unit tests): a {@link Blocklist} of its own behind the store port. */
export class InMemoryBlocklistStore implements BlocklistStore {
  private readonly entries: Blocklist;

  constructor(maxEntries = 10_000) {
    this.entries = new Blocklist(maxEntries);
  }

  async block(entry: BlockEntry, now: number): Promise<BlockEntry> {
    return this.entries.block(entry.kind, entry.value, entry.until, entry.reason, now);
  }

  async unblock(kind: BlockKind, value: string): Promise<boolean> {
    return this.entries.unblock(kind, value);
  }

  async get(kind: BlockKind, value: string, now: number): Promise<BlockEntry | undefined> {
    return this.entries.list(now).find((e) => e.kind === kind && e.value === value);
  }

  async listActive(now: number, limit: number): Promise<BlockEntry[]> {
    const latestFirst = this.entries.list(now).sort((a, b) => b.until - a.until);
    return latestFirst.slice(0, limit).reverse();
  }

  async deleteExpired(now: number): Promise<number> {
    return this.entries.prune(now);
  }
}
