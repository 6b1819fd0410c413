/** What a blocklist entry shuts out: every request from an IP, or every request of a principal (key id). */
export const BLOCK_KINDS = ['ip', 'principal'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

/** One entry; `until` is epoch ms. */
export interface BlockEntry {
  readonly kind: BlockKind;
  readonly value: string;
  readonly until: number;
  readonly reason: string;
}

/** The answer of {@link Blocklist.isBlocked}: the entry that applies, when one does. */
export type BlockCheck =
  | { readonly blocked: false }
  | { readonly blocked: true; readonly kind: BlockKind; readonly until: number; readonly reason: string };

const NOT_BLOCKED: BlockCheck = { blocked: false };

/** The key of an entry: `<kind>:<value>`. */
export const blockId = (kind: BlockKind, value: string): string => `${kind}:${value}`;

/**
 * IPs and principals shut out until a time, set by auto-mitigation (or an operator) and checked by the request
 * guard before anything else runs: a map in memory, so the check on every request is a lookup. Entries expire by
 * themselves; re-blocking never shortens an entry. Bounded: past `maxEntries` the expired entries go first, then
 * the oldest. `put` and `sync` mirror a shared copy exactly (it already applied the never-shorten rule).
 *
 * @example
 * const check = blocklist.isBlocked({ ip: req.ip, keyId: principal?.keyId }, clock.now());
 * if (check.blocked) reply 403 with Retry-After = ceil((check.until - now) / 1000)
 */
export class Blocklist {
  private readonly entries = new Map<string, BlockEntry>();

  constructor(private readonly maxEntries = 10_000) {}

  /** Blocks `value` until `until` (or keeps a later existing end); returns the entry in force. */
  block(kind: BlockKind, value: string, until: number, reason: string, now: number): BlockEntry {
    const existing = this.entries.get(blockId(kind, value));
    if (existing && existing.until > now && existing.until >= until) return existing;
    return this.put({ kind, value, until, reason }, now);
  }

  /** Sets `entry` as it is, replacing any entry for its subject (which becomes the newest); returns it. */
  put(entry: BlockEntry, now: number): BlockEntry {
    const id = blockId(entry.kind, entry.value);
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) this.prune(now);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(id, entry);
    return entry;
  }

  /**
   * Makes the map hold exactly `entries` (put in the order given, so the last are evicted last), except for the
   * subjects in `keep` (by {@link blockId}), which stay as they are: changes that arrived while `entries` was read.
   */
  sync(entries: readonly BlockEntry[], now: number, keep: ReadonlySet<string> = new Set()): void {
    const wanted = new Set(entries.map((e) => blockId(e.kind, e.value)));
    for (const id of [...this.entries.keys()]) if (!wanted.has(id) && !keep.has(id)) this.entries.delete(id);
    for (const e of entries) if (!keep.has(blockId(e.kind, e.value))) this.put(e, now);
  }

  /** Whether a request from `ip` acting as `keyId` is shut out at `now`; the IP entry is checked first. */
  isBlocked(subject: { readonly ip?: string; readonly keyId?: string }, now: number): BlockCheck {
    for (const [kind, value] of [
      ['ip', subject.ip],
      ['principal', subject.keyId],
    ] as const) {
      if (value === undefined) continue;
      const id = blockId(kind, value);
      const entry = this.entries.get(id);
      if (!entry) continue;
      if (entry.until <= now) {
        this.entries.delete(id);
        continue;
      }
      return { blocked: true, kind, until: entry.until, reason: entry.reason };
    }
    return NOT_BLOCKED;
  }

  /** Lifts an entry; false when there was none. */
  unblock(kind: BlockKind, value: string): boolean {
    return this.entries.delete(blockId(kind, value));
  }

  /** Entries in force at `now`, oldest first. */
  list(now: number): BlockEntry[] {
    return [...this.entries.values()].filter((e) => e.until > now);
  }

  /** Drops expired entries; returns how many. */
  prune(now: number): number {
    let dropped = 0;
    for (const [id, entry] of this.entries) {
      if (entry.until <= now) {
        this.entries.delete(id);
        dropped++;
      }
    }
    return dropped;
  }
}
