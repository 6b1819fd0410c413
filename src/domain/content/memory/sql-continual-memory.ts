import { Inject, Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../core/ports/sql-database.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import type { ContinualMemoryPort } from '../content.ports';
import { checkIndexScope, checkTags, type IndexScope } from './sql-graph-memory';

/** How many of a tag's newest texts its summary keeps. */
export const SUMMARY_TEXTS = 5;
const MAX_RECENT = 1000;

/** A tag's fold: how many entries carried it, the newest one's time and the newest texts (newest first). */
export interface ContinualSummary {
  readonly tag: string;
  readonly count: number;
  readonly lastAt: number;
  readonly texts: string[];
}

const scopeOf = (scope: IndexScope) => ({
  tenant_id: scope.tenantId,
  workspace_id: scope.workspaceId,
  index_name: scope.index,
});

/**
 * {@link ContinualMemoryPort} in the SQL store: an append log (`content_continual_log`) and one fold per tag
 * (`content_continual_summary`). Appending an id already in the scope's log is a no-op, so a retried append
 * is harmless. Consolidation claims the scope's unconsolidated entries in one statement, so two concurrent
 * consolidations never fold an entry twice; entries without tags are claimed and counted but fold nowhere.
 */
@SqlMigrations()
@Injectable()
export class SqlContinualMemory implements ContinualMemoryPort {
  readonly migrations: MigrationSet = {
    '2026_11_25_110_content_continual': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('content_continual_log')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('index_name', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('tags', 'jsonb', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('consolidated', 'boolean', (c) => c.notNull().defaultTo(false))
          .addPrimaryKeyConstraint('content_continual_log_pk', ['tenant_id', 'workspace_id', 'index_name', 'id'])
          .execute();
        await db.schema
          .createIndex('content_continual_log_at_idx')
          .on('content_continual_log')
          .columns(['tenant_id', 'workspace_id', 'index_name', 'at'])
          .execute();
        await db.schema
          .createTable('content_continual_summary')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('index_name', 'text', (c) => c.notNull())
          .addColumn('tag', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addColumn('last_at', 'bigint', (c) => c.notNull())
          .addColumn('texts', 'jsonb', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('content_continual_summary_pk', ['tenant_id', 'workspace_id', 'index_name', 'tag'])
          .execute();
      },
    },
  };

  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async append(
    scope: IndexScope,
    entry: { id: string; text: string; tags: readonly string[]; at: number },
  ): Promise<void> {
    checkIndexScope(scope);
    if (typeof entry.id !== 'string' || entry.id.length === 0 || entry.id.length > 200)
      throw new RangeError('entry.id must be 1-200 characters');
    if (typeof entry.text !== 'string') throw new RangeError('entry.text must be a string');
    checkTags(entry.tags, 'entry.tags');
    if (!Number.isSafeInteger(entry.at) || entry.at < 0)
      throw new RangeError(`entry.at must be a non-negative integer (ms since the epoch), got ${entry.at}`);
    await this.database.db
      .insertInto('content_continual_log')
      .values({
        ...scopeOf(scope),
        id: entry.id,
        text: entry.text,
        tags: JSON.stringify([...new Set(entry.tags)]),
        at: entry.at,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'workspace_id', 'index_name', 'id']).doNothing())
      .execute();
  }

  async consolidate(scope: IndexScope): Promise<number> {
    checkIndexScope(scope);
    const now = this.clock.now();
    return this.database.db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('content_continual_log')
        .set({ consolidated: true })
        .where('tenant_id', '=', scope.tenantId)
        .where('workspace_id', '=', scope.workspaceId)
        .where('index_name', '=', scope.index)
        .where('consolidated', '=', false)
        .returning(['tags', 'at'])
        .execute();
      const byTag = new Map<string, { count: number; lastAt: number }>();
      for (const row of claimed) {
        for (const tag of row.tags as string[]) {
          const fold = byTag.get(tag) ?? { count: 0, lastAt: 0 };
          byTag.set(tag, { count: fold.count + 1, lastAt: Math.max(fold.lastAt, Number(row.at)) });
        }
      }
      for (const [tag, fold] of [...byTag].sort(([a], [b]) => (a < b ? -1 : 1))) {
        // The newest texts come from the log itself, so a late entry with an old `at` does not push out newer ones.
        const latest = await trx
          .selectFrom('content_continual_log')
          .select('text')
          .where('tenant_id', '=', scope.tenantId)
          .where('workspace_id', '=', scope.workspaceId)
          .where('index_name', '=', scope.index)
          .where('consolidated', '=', true)
          .where(sql<boolean>`tags @> ${JSON.stringify([tag])}::jsonb`)
          .orderBy('at', 'desc')
          .orderBy(sql`id collate "C"`, 'desc')
          .limit(SUMMARY_TEXTS)
          .execute();
        const texts = JSON.stringify(latest.map((r) => r.text as string));
        await trx
          .insertInto('content_continual_summary')
          .values({ ...scopeOf(scope), tag, count: fold.count, last_at: fold.lastAt, texts, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'workspace_id', 'index_name', 'tag']).doUpdateSet({
              count: sql`content_continual_summary.count + excluded.count`,
              last_at: sql`greatest(content_continual_summary.last_at, excluded.last_at)`,
              texts: sql`excluded.texts`,
              updated_at: sql`excluded.updated_at`,
            }),
          )
          .execute();
      }
      return claimed.length;
    });
  }

  async recent(scope: IndexScope, limit: number): Promise<{ id: string; text: string; tags: string[]; at: number }[]> {
    checkIndexScope(scope);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RECENT)
      throw new RangeError(`limit must be an integer from 1 to ${MAX_RECENT}, got ${limit}`);
    const rows = await this.database.db
      .selectFrom('content_continual_log')
      .select(['id', 'text', 'tags', 'at'])
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('index_name', '=', scope.index)
      .orderBy('at', 'desc')
      .orderBy(sql`id collate "C"`, 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id as string,
      text: r.text as string,
      tags: r.tags as string[],
      at: Number(r.at),
    }));
  }

  /** The scope's per-tag folds, by tag; for tests, operators and readers of the consolidated memory. */
  async summaries(scope: IndexScope): Promise<ContinualSummary[]> {
    checkIndexScope(scope);
    const rows = await this.database.db
      .selectFrom('content_continual_summary')
      .select(['tag', 'count', 'last_at', 'texts'])
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('index_name', '=', scope.index)
      .orderBy(sql`tag collate "C"`)
      .execute();
    return rows.map((r) => ({
      tag: r.tag as string,
      count: Number(r.count),
      lastAt: Number(r.last_at),
      texts: r.texts as string[],
    }));
  }
}
