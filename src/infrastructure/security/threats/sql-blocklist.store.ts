import { sql, type Kysely } from 'kysely';
import type { BlockEntry, BlockKind } from './blocklist';
import type { BlocklistStore } from './blocklist.store';

const TABLE = 'security_blocklist';

interface Row {
  kind: BlockKind;
  value: string;
  expires_at: string | number;
  reason: string;
}

const entryOf = (r: Row): BlockEntry => ({
  kind: r.kind,
  value: r.value,
  until: Number(r.expires_at),
  reason: r.reason,
});

/**
 * Blocklist entries in the `security_blocklist` table (embedded database or PostgreSQL), one row per subject. A
 * block is one upsert that keeps the row when it is in force and ends at least as late, so two instances
 * blocking the same subject at once end with the later end.
 */
export class SqlBlocklistStore implements BlocklistStore {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  constructor(private readonly db: Kysely<any>) {}

  async block(entry: BlockEntry, now: number): Promise<BlockEntry> {
    const stored = sql.ref(`${TABLE}.expires_at`);
    // The stored entry stays when it is in force and ends at least as late as the new one.
    const keep = sql<boolean>`${stored} > ${now} and ${stored} >= excluded.expires_at`;
    const row = await this.db
      .insertInto(TABLE)
      .values({ kind: entry.kind, value: entry.value, expires_at: entry.until, reason: entry.reason })
      .onConflict((oc) =>
        oc.columns(['kind', 'value']).doUpdateSet({
          expires_at: sql`case when ${keep} then ${stored} else excluded.expires_at end`,
          reason: sql`case when ${keep} then ${sql.ref(`${TABLE}.reason`)} else excluded.reason end`,
        }),
      )
      .returning(['kind', 'value', 'expires_at', 'reason'])
      .executeTakeFirstOrThrow();
    return entryOf(row);
  }

  async unblock(kind: BlockKind, value: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom(TABLE)
      .where('kind', '=', kind)
      .where('value', '=', value)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async get(kind: BlockKind, value: string, now: number): Promise<BlockEntry | undefined> {
    const row = (await this.db
      .selectFrom(TABLE)
      .selectAll()
      .where('kind', '=', kind)
      .where('value', '=', value)
      .where('expires_at', '>', now)
      .executeTakeFirst()) as Row | undefined;
    return row ? entryOf(row) : undefined;
  }

  async listActive(now: number, limit: number): Promise<BlockEntry[]> {
    const rows = (await this.db
      .selectFrom(TABLE)
      .selectAll()
      .where('expires_at', '>', now)
      .orderBy('expires_at', 'desc')
      .limit(limit)
      .execute()) as Row[];
    return rows.map(entryOf).reverse();
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom(TABLE).where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
