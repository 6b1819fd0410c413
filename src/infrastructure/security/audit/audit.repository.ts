import { Inject, Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SQL_DATABASE, type SqlDatabase } from '../../../core/ports/sql-database.port';
import { chain } from './audit-chain';
import type {
  AuditCheckpoint,
  AuditEntry,
  AuditPage,
  AuditQuery,
  AuditRecord,
  ChainHead,
  JsonValue,
} from './audit.types';

/** Largest page `query` returns; the default is {@link DEFAULT_QUERY_LIMIT}. */
export const MAX_QUERY_LIMIT = 1000;
export const DEFAULT_QUERY_LIMIT = 100;

/** A row as drivers return it: bigints may be strings, json may be text. */
type Row = Readonly<Record<string, unknown>>;

// The timestamp as epoch ms, exact (rows are stored with ms precision), whatever the session's time zone.
const TS_MS = sql<string>`(extract(epoch from ts) * 1000)::bigint`;
const ROW_COLUMNS = [
  'seq',
  'tenant_id',
  'actor',
  'action',
  'resource',
  'decision',
  'reason',
  'severity',
  'request_id',
  'extra',
  'prev_hash',
  'hash',
] as const;

const iso = (ms: unknown) => new Date(Number(ms)).toISOString();

function toRecord(row: Row): AuditRecord {
  const extra = typeof row.extra === 'string' ? (JSON.parse(row.extra) as JsonValue) : (row.extra as JsonValue);
  return {
    seq: Number(row.seq),
    ts: iso(row.ts_ms),
    tenantId: (row.tenant_id as string | null) ?? null,
    actor: row.actor as string,
    action: row.action as string,
    resource: row.resource as string,
    decision: row.decision as string,
    reason: (row.reason as string | null) ?? null,
    severity: row.severity as string,
    requestId: (row.request_id as string | null) ?? null,
    extra: extra !== null && typeof extra === 'object' && !Array.isArray(extra) ? extra : { value: extra },
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

function toCheckpoint(row: Row): AuditCheckpoint {
  return {
    seq: Number(row.seq),
    hash: row.hash as string,
    rowCount: Number(row.row_count),
    ts: iso(row.ts_ms),
    keyId: row.key_id as string,
    hmac: row.hmac as string,
  };
}

/**
 * The audit tables through Kysely (PGlite or PostgreSQL). Appends run in one transaction that locks the head
 * row, so concurrent appenders (other instances, or another service on the same database) queue up and the
 * chain stays one line with gapless seqs.
 */
@Injectable()
export class AuditRepository {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private readonly db: Kysely<any>;

  constructor(@Inject(SQL_DATABASE) database: SqlDatabase) {
    this.db = database.db;
  }

  /** Appends `entries` in order after the current head, in one transaction; returns the new head. */
  async append(entries: readonly AuditEntry[]): Promise<ChainHead> {
    return this.db.transaction().execute(async (trx) => {
      const head = await trx
        .selectFrom('security_audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const records = chain({ seq: Number(head.seq), hash: head.hash as string }, entries);
      if (records.length === 0) return { seq: Number(head.seq), hash: head.hash as string };
      await trx
        .insertInto('security_audit')
        .values(
          records.map((r) => ({
            seq: r.seq,
            ts: r.ts,
            tenant_id: r.tenantId,
            actor: r.actor,
            action: r.action,
            resource: r.resource,
            decision: r.decision,
            reason: r.reason,
            severity: r.severity,
            request_id: r.requestId,
            extra: JSON.stringify(r.extra),
            prev_hash: r.prevHash,
            hash: r.hash,
          })),
        )
        .execute();
      const last = records[records.length - 1];
      await trx
        .updateTable('security_audit_head')
        .set({ seq: last.seq, hash: last.hash })
        .where('id', '=', 1)
        .execute();
      return { seq: last.seq, hash: last.hash };
    });
  }

  /** The head row: what the appenders believe is the end of the chain. */
  async head(): Promise<ChainHead> {
    const head = await this.db
      .selectFrom('security_audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirst();
    // A missing head row is itself a finding for verify; treat the chain as empty here.
    return head ? { seq: Number(head.seq), hash: head.hash as string } : { seq: 0, hash: '' };
  }

  /** Up to `limit` rows with `afterSeq < seq <= upToSeq`, lowest seq first. */
  async rowsAfter(afterSeq: number, upToSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('security_audit')
      .select([...ROW_COLUMNS, TS_MS.as('ts_ms')])
      .where('seq', '>', afterSeq)
      .where('seq', '<=', upToSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toRecord);
  }

  /** The highest seq in the table, null when it is empty. */
  async maxSeq(): Promise<number | null> {
    const row = await this.db
      .selectFrom('security_audit')
      .select((eb) => eb.fn.max('seq').as('max'))
      .executeTakeFirst();
    return row?.max === null || row?.max === undefined ? null : Number(row.max);
  }

  /** Rows stored with `afterSeq < seq <= upToSeq`. */
  async countRows(afterSeq: number, upToSeq: number): Promise<number> {
    const row = await this.db
      .selectFrom('security_audit')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('seq', '>', afterSeq)
      .where('seq', '<=', upToSeq)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The hash stored for `seq`, undefined when there is no such row. */
  async hashAt(seq: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('security_audit').select('hash').where('seq', '=', seq).executeTakeFirst();
    return row ? (row.hash as string) : undefined;
  }

  /** Up to `limit` checkpoints with `afterSeq < seq <= upToSeq`, lowest seq first. */
  async checkpointsAfter(afterSeq: number, upToSeq: number, limit: number): Promise<AuditCheckpoint[]> {
    const rows = await this.db
      .selectFrom('security_audit_checkpoints')
      .select(['seq', 'hash', 'row_count', 'key_id', 'hmac', TS_MS.as('ts_ms')])
      .where('seq', '>', afterSeq)
      .where('seq', '<=', upToSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toCheckpoint);
  }

  /** The checkpoints with the highest seqs, highest first. */
  async latestCheckpoints(limit: number): Promise<AuditCheckpoint[]> {
    const rows = await this.db
      .selectFrom('security_audit_checkpoints')
      .select(['seq', 'hash', 'row_count', 'key_id', 'hmac', TS_MS.as('ts_ms')])
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toCheckpoint);
  }

  /** Stores a checkpoint; false when one for the same seq exists already (another instance was first). */
  async insertCheckpoint(c: AuditCheckpoint): Promise<boolean> {
    const result = await this.db
      .insertInto('security_audit_checkpoints')
      .values({ seq: c.seq, hash: c.hash, row_count: c.rowCount, ts: c.ts, key_id: c.keyId, hmac: c.hmac })
      .onConflict((oc) => oc.column('seq').doNothing())
      .returning('seq')
      .executeTakeFirst();
    return result !== undefined;
  }

  /** Rows matching `q`, newest (highest seq) first, one page. */
  async query(q: AuditQuery): Promise<AuditPage> {
    const limit = Math.min(MAX_QUERY_LIMIT, Math.max(1, Math.floor(q.limit ?? DEFAULT_QUERY_LIMIT) || 1));
    let query = this.db.selectFrom('security_audit').select([...ROW_COLUMNS, TS_MS.as('ts_ms')]);
    if (q.tenantId !== undefined) query = query.where('tenant_id', '=', q.tenantId);
    if (q.action !== undefined) query = query.where('action', '=', q.action);
    if (q.decision !== undefined) query = query.where('decision', '=', q.decision);
    if (q.from !== undefined) query = query.where('ts', '>=', iso(q.from));
    if (q.to !== undefined) query = query.where('ts', '<', iso(q.to));
    if (q.cursor !== undefined) query = query.where('seq', '<', q.cursor);
    const rows = (await query.orderBy('seq', 'desc').limit(limit).execute()).map(toRecord);
    return rows.length === limit ? { rows, nextCursor: rows[rows.length - 1].seq } : { rows };
  }
}
