import { Inject, Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../core/ports/sql-database.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import type { GraphMemoryPort, GraphTriple } from '../content.ports';

/** The scope of the graph and continual memories: a tenant, a workspace and an index. */
export interface IndexScope {
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly index: string;
}

const SCOPE_PART = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const MAX_NEIGHBOURS = 1000;

/** Throws a RangeError naming the first scope part that is not 1-128 letters, digits or `. _ : @ -`. */
export function checkIndexScope(scope: IndexScope): void {
  for (const key of ['tenantId', 'workspaceId', 'index'] as const) {
    if (typeof scope[key] !== 'string' || !SCOPE_PART.test(scope[key])) {
      throw new RangeError(`${key} must be 1-128 letters, digits or . _ : @ -, got ${JSON.stringify(scope[key])}`);
    }
  }
}

/** Throws a RangeError naming `field` unless every tag is a non-empty string. */
export function checkTags(tags: readonly string[], field: string): void {
  if (!Array.isArray(tags)) throw new RangeError(`${field} must be an array of strings`);
  tags.forEach((t, i) => {
    if (typeof t !== 'string' || t.length === 0) throw new RangeError(`${field}[${i}] must be a non-empty string`);
  });
}

const checkRecordId = (id: string) => {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200)
    throw new RangeError('record.id must be 1-200 characters');
};

/**
 * {@link GraphMemoryPort} in the SQL store (`content_graph`, one row per triple), embedded or PostgreSQL alike.
 * Storing a record replaces its earlier triples in one transaction, so storing it again is idempotent.
 * Neighbours are the distinct triples touching a node, ordered by subject, predicate and object (byte order,
 * the same on every database).
 */
@SqlMigrations()
@Injectable()
export class SqlGraphMemory implements GraphMemoryPort {
  readonly migrations: MigrationSet = {
    '2026_11_25_100_content_graph': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('content_graph')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('index_name', 'text', (c) => c.notNull())
          .addColumn('record_id', 'text', (c) => c.notNull())
          // The triple's place in its record, which keeps a record's triples in their stored order.
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('predicate', 'text', (c) => c.notNull())
          .addColumn('object', 'text', (c) => c.notNull())
          .addColumn('tags', 'jsonb', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('content_graph_pk', [
            'tenant_id',
            'workspace_id',
            'index_name',
            'record_id',
            'position',
          ])
          .execute();
        await db.schema
          .createIndex('content_graph_subject_idx')
          .on('content_graph')
          .columns(['tenant_id', 'workspace_id', 'index_name', 'subject'])
          .execute();
        await db.schema
          .createIndex('content_graph_object_idx')
          .on('content_graph')
          .columns(['tenant_id', 'workspace_id', 'index_name', 'object'])
          .execute();
      },
    },
  };

  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async store(
    scope: IndexScope,
    record: { id: string; triples: readonly GraphTriple[]; tags: readonly string[] },
  ): Promise<string> {
    checkIndexScope(scope);
    checkRecordId(record.id);
    checkTags(record.tags, 'record.tags');
    const tags = JSON.stringify([...record.tags]);
    const now = this.clock.now();
    const rows = record.triples.map((t, i) => {
      for (const part of ['subject', 'predicate', 'object'] as const) {
        if (typeof t[part] !== 'string' || t[part].length === 0)
          throw new RangeError(`record.triples[${i}].${part} must be a non-empty string`);
      }
      const key = {
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        index_name: scope.index,
        record_id: record.id,
      };
      return {
        ...key,
        position: i,
        subject: t.subject,
        predicate: t.predicate,
        object: t.object,
        tags,
        created_at: now,
      };
    });
    await this.database.db.transaction().execute(async (trx) => {
      // Upsert by position and drop the tail: concurrent stores of one record never collide on the key.
      if (rows.length > 0) {
        await trx
          .insertInto('content_graph')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'workspace_id', 'index_name', 'record_id', 'position']).doUpdateSet((eb) => ({
              subject: eb.ref('excluded.subject'),
              predicate: eb.ref('excluded.predicate'),
              object: eb.ref('excluded.object'),
              tags: eb.ref('excluded.tags'),
              created_at: eb.ref('excluded.created_at'),
            })),
          )
          .execute();
      }
      await trx
        .deleteFrom('content_graph')
        .where('tenant_id', '=', scope.tenantId)
        .where('workspace_id', '=', scope.workspaceId)
        .where('index_name', '=', scope.index)
        .where('record_id', '=', record.id)
        .where('position', '>=', rows.length)
        .execute();
    });
    return record.id;
  }

  /** Distinct triples whose subject or object is `node`; `limit` defaults to 50, at most 1000. */
  async neighbours(scope: IndexScope, node: string, limit = 50): Promise<GraphTriple[]> {
    checkIndexScope(scope);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEIGHBOURS)
      throw new RangeError(`limit must be an integer from 1 to ${MAX_NEIGHBOURS}, got ${limit}`);
    const rows = await this.database.db
      .selectFrom('content_graph')
      .select(['subject', 'predicate', 'object'])
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('index_name', '=', scope.index)
      .where((eb) => eb.or([eb('subject', '=', node), eb('object', '=', node)]))
      .groupBy(['subject', 'predicate', 'object'])
      .orderBy(sql`subject collate "C"`)
      .orderBy(sql`predicate collate "C"`)
      .orderBy(sql`object collate "C"`)
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      subject: r.subject as string,
      predicate: r.predicate as string,
      object: r.object as string,
    }));
  }

  /** The tags a record was stored with, or null when it has no triples in the scope; for tests and operators. */
  async tagsOf(scope: IndexScope, recordId: string): Promise<string[] | null> {
    checkIndexScope(scope);
    const row = await this.database.db
      .selectFrom('content_graph')
      .select('tags')
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('index_name', '=', scope.index)
      .where('record_id', '=', recordId)
      .limit(1)
      .executeTakeFirst();
    return row ? (row.tags as string[]) : null;
  }
}
