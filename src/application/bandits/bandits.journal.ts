import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { GroupCommit, type GroupCommitStats } from '../../core/persistence/group-commit';
import type { Db } from './bandits.records';
import { BanditsRepository } from './bandits.repository';
import { shareDecisionLocks } from './decision-counts';

/** One step of a journal write: `run` inside the batch's transaction, then `apply` once the batch is committed. */
export interface JournalEntry<O> {
  readonly run: (db: Db) => Promise<O>;
  /** The in-memory effect, synchronous: entries are applied in commit order, which is also replay order. */
  readonly apply?: (out: O) => void;
  /** The step logs rewards (shared database: the transaction first takes the reward lock). */
  readonly rewards?: boolean;
  /** The step logs a decision of this tenant's domain (shared database: the transaction holds its lock shared). */
  readonly decides?: { readonly tenantId: string; readonly domain: string };
  /** `run` is one statement: alone in its batch, it needs no transaction of its own. */
  readonly single?: boolean;
}

/**
 * The bandits' durable write path (`persistence.durability = durable`): entries submitted concurrently share one
 * transaction (group commit, `persistence.groupCommitMs` / `groupCommitMaxItems`), one transaction at a time in
 * submission order. Once a batch is committed its entries' effects are applied in that order before any caller
 * is answered, so what is held in memory always follows the log. Loads read the log through here too: a row is
 * either read by a load or applied to the state it produced, never both and never neither.
 */
@Injectable()
export class BanditsJournal {
  private readonly logger = new Logger('BanditsJournal');
  private readonly commits: GroupCommit<JournalEntry<unknown>, unknown>;
  /** Decisions and rewards are in the database before they are acknowledged. */
  readonly enabled: boolean;
  /** Instances share the database (scale-out mode). */
  readonly shared: boolean;

  constructor(
    { persistence }: AppConfig,
    readonly repository: BanditsRepository,
  ) {
    this.enabled = persistence.durability === 'durable';
    this.shared = persistence.redisUrl !== undefined;
    this.commits = new GroupCommit((entries) => this.write(entries), {
      maxItems: persistence.groupCommitMaxItems,
      lingerMs: persistence.groupCommitMs,
    });
  }

  /** Resolves with the entry's result once its batch is committed and applied; rejects when the batch failed. */
  commit<O>(entry: JournalEntry<O>): Promise<O> {
    return this.commits.submit(entry as JournalEntry<unknown>) as Promise<O>;
  }

  /** Batches and entries written so far. */
  get stats(): GroupCommitStats {
    return this.commits.stats;
  }

  /** Writes and applies everything submitted so far. */
  flush(): Promise<void> {
    return this.commits.flush();
  }

  private async write(entries: readonly JournalEntry<unknown>[]): Promise<unknown[]> {
    const lock = this.shared && entries.some((e) => e.rewards);
    const decides = this.shared ? entries.flatMap((e) => (e.decides ? [e.decides] : [])) : [];
    const outs =
      entries.every((e) => e.single) && !lock && decides.length === 0
        ? await this.oneByOne(entries)
        : await this.repository.db.transaction().execute(async (trx) => {
            if (lock) await this.repository.lockRewards(trx);
            if (decides.length > 0) await shareDecisionLocks(trx, decides);
            const results: unknown[] = [];
            for (const e of entries) results.push(await e.run(trx));
            return results;
          });
    this.apply(entries, outs);
    return outs;
  }

  /**
   * Single statements, each committed by itself, in order: on the embedded database an explicit transaction costs
   * more than the statements it would group. Should one fail, the batch is refused although the earlier ones are
   * stored — and applied, so that memory still follows the log; their keys make the caller's retry find them
   * (decision and reward ids are unique per tenant).
   */
  private async oneByOne(entries: readonly JournalEntry<unknown>[]): Promise<unknown[]> {
    const outs: unknown[] = [];
    try {
      for (const e of entries) outs.push(await e.run(this.repository.db));
    } catch (e) {
      this.apply(entries.slice(0, outs.length), outs);
      throw e;
    }
    return outs;
  }

  private apply(entries: readonly JournalEntry<unknown>[], outs: readonly unknown[]): void {
    entries.forEach((e, i) => {
      try {
        e.apply?.(outs[i]);
      } catch (err) {
        // Committed all the same: a restart rebuilds the state from the log.
        this.logger.error({ event: 'bandit_journal_apply_failed', err });
      }
    });
  }
}
