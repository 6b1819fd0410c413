import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { ComponentType, FeedbackSignal } from '../../../core/ports/feedback.port';
import { SQL_DATABASE, type SqlDatabase } from '../../../core/ports/sql-database.port';

/** `signal`: accepted and queued for its sink. `shadow`: refused while its component was disabled (the reward counts towards re-enabling it). */
export type SignalKind = 'signal' | 'shadow';

/** An acknowledged signal. */
export interface SignalEntry {
  readonly kind: SignalKind;
  readonly signal: FeedbackSignal;
}

/** What every change of the state that is not a signal carries: its id in the tenant's log, and when it was made. */
interface ActionBase {
  /** Unique in the tenant's log; starts with `/`, which no signal id can. */
  readonly id: string;
  readonly tenantId: string;
  readonly at: number;
}

/** An operator re-enabled a disabled (or probation) component. */
export interface ClearAction extends ActionBase {
  readonly componentType: ComponentType;
  readonly componentId: string;
}

/** A memory consolidation ran: its counters reset, and the RAG tracker forgets `forget` (the chunks pruned here). */
export interface ConsolidationAction extends ActionBase {
  readonly reason: string;
  readonly forget: readonly string[];
}

/** A change of the state made by an operator or a job, logged so that every instance and a recovery make it too. */
export type ActionEntry =
  | { readonly kind: 'clear'; readonly action: ClearAction }
  | { readonly kind: 'consolidated'; readonly action: ConsolidationAction };

export type JournalEntry = SignalEntry | ActionEntry;

export type JournalKind = JournalEntry['kind'];

export type StoredEntry = JournalEntry & { readonly seq: number };

export const isSignalEntry = (e: JournalEntry): e is SignalEntry => e.kind === 'signal' || e.kind === 'shadow';

/** The tenant whose log an entry is in. */
export const entryTenant = (e: JournalEntry): string => (isSignalEntry(e) ? e.signal.tenantId : e.action.tenantId);

/** The entry's id in its tenant's log (a signal's id, or an action's). */
export const entryId = (e: JournalEntry): string => (isSignalEntry(e) ? e.signal.signalId : e.action.id);

/** A tenant's derived state as of a log position. */
export interface SnapshotRow<S = unknown> {
  readonly tenantId: string;
  /** The newest log entry the state reflects. */
  readonly appliedSeq: number;
  /** Entries from here on may still be needed on recovery (the oldest signal not yet delivered, per the state). */
  readonly replayFrom: number;
  readonly state: S;
  readonly savedAt: number;
}

/** Rows read per recovery page. */
const PAGE = 5000;

/** Serialises the appends of instances sharing a database, so that an entry's seq order is its commit order. */
const APPEND_LOCK = 0x66656564;

/**
 * SQL of the feedback input log and the tenants' snapshots (tables in {@link FeedbackJournalMigrations}). Appends
 * are one statement per batch (the batch as one JSON array) that skips ids already stored for the tenant and
 * returns the position of each stored entry.
 */
@Injectable()
export class FeedbackJournal {
  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  /**
   * Stores the entries in one transaction; per entry its log position, or undefined when the tenant already had
   * that signal id (stored earlier, or earlier in this batch). `shared` (instances sharing the database): the
   * transaction first takes a lock every instance's appends take, so positions are committed in order and a reader
   * that has seen position n has seen every entry before it.
   */
  async append(entries: readonly JournalEntry[], shared = false): Promise<(number | undefined)[]> {
    // One JSON text for the whole batch: measured 25 % faster on the embedded database than one array per column.
    const insert = sql<{ seq: number | string; tenant_id: string; signal_id: string }>`
      insert into feedback_log (tenant_id, signal_id, kind, signal, at)
      select coalesce(e->'signal'->>'tenantId', e->'action'->>'tenantId'),
             coalesce(e->'signal'->>'signalId', e->'action'->>'id'), e->>'kind', coalesce(e->'signal', e->'action'),
             coalesce(e->'signal'->>'timestamp', e->'action'->>'at')::bigint
      from json_array_elements(${JSON.stringify(entries)}::json) as e
      on conflict do nothing
      returning seq, tenant_id, signal_id`;
    const { rows } = shared
      ? await this.database.db.transaction().execute(async (tx) => {
          await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(tx);
          return insert.execute(tx);
        })
      : await insert.execute(this.database.db);
    const stored = new Map<string, number>();
    for (const r of rows) stored.set(`${r.tenant_id}\u0000${r.signal_id}`, Number(r.seq));
    return entries.map((e) => {
      const key = `${entryTenant(e)}\u0000${entryId(e)}`;
      const seq = stored.get(key);
      // Only the first entry of a batch with this key was stored.
      stored.delete(key);
      return seq;
    });
  }

  async snapshots<S>(): Promise<SnapshotRow<S>[]> {
    const rows = await this.database.db
      .selectFrom('feedback_snapshots')
      .select(['tenant_id', 'applied_seq', 'replay_from', 'state', 'saved_at'])
      .execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id as string,
      appliedSeq: Number(r.applied_seq),
      replayFrom: Number(r.replay_from),
      state: (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as S,
      savedAt: Number(r.saved_at),
    }));
  }

  /**
   * The entries recovery needs, oldest first, a page at a time: for each tenant those from its snapshot's
   * `replayFrom` on (every entry of a tenant without a snapshot).
   */
  async *recoverable(): AsyncGenerator<StoredEntry[]> {
    let after = 0;
    for (;;) {
      const { rows } = await sql<LogRow>`
        select l.seq, l.kind, l.signal from feedback_log l
        left join feedback_snapshots s on s.tenant_id = l.tenant_id
        where l.seq > ${after} and l.seq >= coalesce(s.replay_from, 0)
        order by l.seq limit ${PAGE}`.execute(this.database.db);
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].seq);
      yield rows.map(toEntry);
      if (rows.length < PAGE) return;
    }
  }

  /** Entries after position `after` (up to `upTo` when given), oldest first, at most `limit` of them. */
  async after(after: number, upTo: number | undefined, limit = PAGE): Promise<StoredEntry[]> {
    const bound = upTo === undefined ? sql`` : sql`and seq <= ${upTo}`;
    const { rows } = await sql<LogRow>`
      select seq, kind, signal from feedback_log where seq > ${after} ${bound}
      order by seq limit ${limit}`.execute(this.database.db);
    return rows.map(toEntry);
  }

  /** Upserts the snapshots in one transaction; a stored snapshot of a later position is never replaced by an earlier one. */
  async saveSnapshots(rows: readonly SnapshotRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.database.db.transaction().execute(async (tx) => {
      for (const r of rows)
        await tx
          .insertInto('feedback_snapshots')
          .values({
            tenant_id: r.tenantId,
            applied_seq: r.appliedSeq,
            replay_from: r.replayFrom,
            state: JSON.stringify(r.state),
            saved_at: r.savedAt,
          })
          .onConflict((oc) =>
            oc
              .column('tenant_id')
              .doUpdateSet({
                applied_seq: sql`excluded.applied_seq`,
                replay_from: sql`excluded.replay_from`,
                state: sql`excluded.state`,
                saved_at: sql`excluded.saved_at`,
              })
              .where('feedback_snapshots.applied_seq', '<=', r.appliedSeq),
          )
          .execute();
    });
  }

  /**
   * Deletes log entries already reflected in their tenant's stored snapshot (before its `replayFrom`) that are
   * older than `maxAgeMs` or beyond the newest `maxRows`; entries a snapshot does not cover are never deleted.
   * Returns how many were deleted.
   */
  async compact(now: number, maxAgeMs: number, maxRows: number): Promise<number> {
    const { rows } = await sql<{ seq: number | string }>`
      select seq from feedback_log order by seq desc offset ${maxRows} limit 1`.execute(this.database.db);
    const beyondCount = rows.length > 0 ? Number(rows[0].seq) : 0;
    const result = await sql`
      delete from feedback_log l using feedback_snapshots s
      where l.tenant_id = s.tenant_id and l.seq < s.replay_from
        and (l.at < ${now - maxAgeMs} or l.seq <= ${beyondCount})`.execute(this.database.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** Rows and on-disk bytes of the log (table and indexes). */
  async size(): Promise<{ rows: number; bytes: number }> {
    const { rows } = await sql<{ rows: number | string; bytes: number | string }>`
      select count(*) as rows, pg_total_relation_size('feedback_log') as bytes from feedback_log`.execute(
      this.database.db,
    );
    return { rows: Number(rows[0].rows), bytes: Number(rows[0].bytes) };
  }
}

/** A log row: `signal` holds the entry's signal, or its action. */
interface LogRow {
  readonly seq: number | string;
  readonly kind: JournalKind;
  readonly signal: unknown;
}

function toEntry(r: LogRow): StoredEntry {
  const payload = typeof r.signal === 'string' ? (JSON.parse(r.signal) as unknown) : r.signal;
  const seq = Number(r.seq);
  switch (r.kind) {
    case 'signal':
    case 'shadow':
      return { seq, kind: r.kind, signal: payload as FeedbackSignal };
    case 'clear':
      return { seq, kind: r.kind, action: payload as ClearAction };
    case 'consolidated':
      return { seq, kind: r.kind, action: payload as ConsolidationAction };
  }
}
