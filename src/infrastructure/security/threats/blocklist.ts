/** What a blocklist entry shuts out: every request from an IP, or every request of a principal (key id). */
export type BlockKind = 'ip' | 'principal';

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

/**
 * IPs and principals shut out until a time, set by auto-mitigation (or an operator) and checked by the request
 * guard before anything else runs. Entries expire by themselves; re-blocking never shortens an entry. Bounded:
 * past `maxEntries` the expired entries go first, then the oldest.
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
    const id = `${kind}:${value}`;
    const existing = this.entries.get(id);
    if (existing && existing.until > now && existing.until >= until) return existing;
    this.entries.delete(id);
    if (this.entries.size >= this.maxEntries) this.prune(now);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    const entry: BlockEntry = { kind, value, until, reason };
    this.entries.set(id, entry);
    return entry;
  }

  /** Whether a request from `ip` acting as `keyId` is shut out at `now`; the IP entry is checked first. */
  isBlocked(subject: { readonly ip?: string; readonly keyId?: string }, now: number): BlockCheck {
    for (const [kind, value] of [
      ['ip', subject.ip],
      ['principal', subject.keyId],
    ] as const) {
      if (value === undefined) continue;
      const id = `${kind}:${value}`;
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
    return this.entries.delete(`${kind}:${value}`);
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
