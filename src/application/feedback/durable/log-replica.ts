import type { Applied, Journaled } from './feedback-durability';
import { entryId, entryTenant, type FeedbackJournal, type JournalEntry, type StoredEntry } from './feedback-journal';

/** Entries read from the log per catch-up page. */
const PAGE = 2000;

const DUPLICATE: Journaled = { kind: 'duplicate' };

const key = (e: JournalEntry) => `${entryTenant(e)}\u0000${entryId(e)}`;

/**
 * One instance's view of a log that several instances append to (scale-out): it applies every entry, its own and
 * the others', once and in log order. Appends are committed in position order across instances (see
 * {@link FeedbackJournal.append} with `shared`), so once an entry at position n is visible every earlier one is,
 * and reading "after the last applied position" never skips one.
 */
export class LogReplica {
  /** Every entry up to here is applied. */
  private appliedUpTo = 0;
  /** Catch-ups run one at a time, in order. */
  private catching: Promise<unknown> = Promise.resolve();
  /** What applying the entries being written here did, by tenant and entry id, until their writer collects it. */
  private readonly own = new Map<string, Applied | undefined>();

  constructor(
    private readonly journal: FeedbackJournal,
    /** Applies one entry; undefined when the state already reflects it (restored from a later snapshot). */
    private readonly apply: (entry: StoredEntry) => Applied | undefined,
  ) {}

  /** Where a recovery left the state: every entry up to `seq` is reflected. */
  startAfter(seq: number): void {
    this.appliedUpTo = seq;
  }

  /**
   * Stores the entries, then applies the log up to the last of them (what others stored before it included), and
   * says what each did. The tail job may apply some of them first; their outcome is kept for this writer.
   */
  async write(entries: readonly JournalEntry[]): Promise<Journaled[]> {
    const keys = entries.map(key);
    for (const k of keys) this.own.set(k, undefined);
    try {
      const seqs = await this.journal.append(entries, true);
      const stored = seqs.filter((s): s is number => s !== undefined);
      if (stored.length > 0) await this.catchUp(Math.max(...stored));
      return seqs.map((seq, i) => (seq === undefined ? DUPLICATE : (this.own.get(keys[i]) ?? DUPLICATE)));
    } finally {
      for (const k of keys) this.own.delete(k);
    }
  }

  /**
   * Applies the entries after the last applied one, up to `upTo` (everything committed when undefined), in order;
   * one catch-up at a time. Returns how many it applied.
   */
  catchUp(upTo: number | undefined): Promise<number> {
    const run = this.catching.then(async () => {
      let n = 0;
      for (;;) {
        if (upTo !== undefined && this.appliedUpTo >= upTo) break;
        const page = await this.journal.after(this.appliedUpTo, upTo, PAGE);
        for (const e of page) {
          this.appliedUpTo = e.seq;
          const applied = this.apply(e);
          if (applied === undefined) continue;
          const k = key(e);
          if (this.own.has(k)) this.own.set(k, applied);
          n++;
        }
        if (page.length < PAGE) {
          // Positions up to `upTo` without an entry were never committed (a rolled-back append) or were compacted.
          if (upTo !== undefined) this.appliedUpTo = Math.max(this.appliedUpTo, upTo);
          break;
        }
      }
      return n;
    });
    this.catching = run.catch(() => undefined);
    return run;
  }
}
