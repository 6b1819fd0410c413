import { roundTo } from '../analysis/rounding';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../core/ports/sql-database.port';
import type {
  MemoryMatch,
  MemoryRecord,
  MemoryScope,
  SearchOptions,
  VectorMemory,
} from '../../../core/ports/vector-memory.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { cosine, HashingEmbedder, type Embedder } from './hashing-embedder';

const SCOPE_PART = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const MAX_TEXT = 20_000;

function checkScope(scope: MemoryScope): void {
  for (const key of ['tenantId', 'workspaceId', 'namespace'] as const) {
    if (!SCOPE_PART.test(scope[key]))
      throw new RangeError(`${key} must be 1-128 letters, digits or . _ : @ -, got ${JSON.stringify(scope[key])}`);
  }
}

const round3 = (n: number) => roundTo(n, 3);
const arrayLiteral = (v: Float32Array) => `{${Array.from(v).join(',')}}`;
const vectorLiteral = (v: Float32Array) => `[${Array.from(v).join(',')}]`;

/**
 * {@link VectorMemory} in the SQL store (`content_memory`, embeddings as `real[]`), embedded or PostgreSQL alike.
 * Searches use pgvector's cosine distance when the extension can be enabled — always in the embedded database,
 * which ships it — and otherwise read the scope's embeddings and rank them here. Both are exact searches (no
 * approximate index), so both return the same matches; the scope's size bounds the cost.
 */
@SqlMigrations()
@Injectable()
export class SqlVectorMemory implements VectorMemory, OnApplicationBootstrap {
  private readonly logger = new Logger('VectorMemory');
  private detected: 'pgvector' | 'exact' = 'exact';

  readonly migrations: MigrationSet = {
    '2026_11_24_200_content_memory': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('content_memory')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('namespace', 'text', (c) => c.notNull())
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('metadata', 'jsonb', (c) => c.notNull())
          .addColumn('embedding', sql`real[]`, (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('content_memory_pk', ['tenant_id', 'workspace_id', 'namespace', 'id'])
          .execute();
      },
    },
  };

  /** The offline default; every record of a store must be embedded by the same embedder. */
  readonly embedder: Embedder = new HashingEmbedder();

  constructor(
    @Inject(SQL_DATABASE) private readonly database: SqlDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get mode(): 'pgvector' | 'exact' {
    return this.detected;
  }

  /** Enables pgvector when it is available (idempotent; a race with another instance is harmless). */
  async onApplicationBootstrap(): Promise<void> {
    const db = this.database.db;
    const available = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_available_extensions where name = 'vector'`.execute(db);
    if ((available.rows[0]?.n ?? 0) === 0) {
      this.logger.log({
        event: 'vector_memory_mode',
        mode: 'exact',
        reason: 'the pgvector extension is not installed',
      });
      return;
    }
    try {
      await sql`create extension if not exists vector`.execute(db);
    } catch (e) {
      const installed = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_extension where extname = 'vector'`.execute(db);
      if ((installed.rows[0]?.n ?? 0) === 0) {
        this.logger.warn({
          event: 'vector_memory_mode',
          mode: 'exact',
          reason: `create extension vector failed: ${(e as Error).message}`,
        });
        return;
      }
    }
    this.detected = 'pgvector';
    this.logger.log({ event: 'vector_memory_mode', mode: 'pgvector' });
  }

  async upsert(scope: MemoryScope, records: readonly MemoryRecord[]): Promise<number> {
    checkScope(scope);
    if (records.length === 0) return 0;
    const now = this.clock.now();
    const rows = records.map((r, i) => {
      if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 200)
        throw new RangeError(`records[${i}].id must be 1-200 characters`);
      if (typeof r.text !== 'string' || r.text.length === 0)
        throw new RangeError(`records[${i}].text must be a non-empty string`);
      const text = r.text.slice(0, MAX_TEXT);
      return {
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        namespace: scope.namespace,
        id: r.id,
        text,
        metadata: JSON.stringify(r.metadata ?? {}),
        embedding: sql`${arrayLiteral(this.embedder.embed(text))}::real[]`,
        updated_at: now,
      };
    });
    await this.database.db
      .insertInto('content_memory')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'workspace_id', 'namespace', 'id']).doUpdateSet((eb) => ({
          text: eb.ref('excluded.text'),
          metadata: eb.ref('excluded.metadata'),
          embedding: eb.ref('excluded.embedding'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    return rows.length;
  }

  async search(scope: MemoryScope, query: string, options: SearchOptions = {}): Promise<MemoryMatch[]> {
    checkScope(scope);
    const limit = options.limit ?? 5;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new RangeError(`limit must be an integer from 1 to 100, got ${limit}`);
    const minScore = options.minScore ?? 0;
    const q = this.embedder.embed(query);
    if (!q.some((x) => x !== 0)) return [];
    const matches =
      this.detected === 'pgvector'
        ? await this.searchPgvector(scope, q, limit)
        : await this.searchExact(scope, q, limit);
    return matches.filter((m) => m.score >= minScore);
  }

  async clear(scope: MemoryScope): Promise<number> {
    checkScope(scope);
    const result = await this.database.db
      .deleteFrom('content_memory')
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('namespace', '=', scope.namespace)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** For tests and operators: force the exact path even where pgvector exists. */
  useExactSearch(): void {
    this.detected = 'exact';
  }

  private async searchPgvector(scope: MemoryScope, q: Float32Array, limit: number): Promise<MemoryMatch[]> {
    const literal = vectorLiteral(q);
    const distance = sql<number>`embedding::vector <=> ${literal}::vector`;
    const rows = await this.database.db
      .selectFrom('content_memory')
      .select(['id', 'text', 'metadata', sql<number>`1 - (${distance})`.as('score')])
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('namespace', '=', scope.namespace)
      .orderBy(distance)
      .orderBy('id')
      .limit(limit)
      .execute();
    // An all-zero embedding has no direction: its distance is NaN, it matches nothing.
    return rows
      .filter((r) => Number.isFinite(Number(r.score)))
      .map((r) => ({
        id: r.id as string,
        text: r.text as string,
        metadata: r.metadata as Record<string, unknown>,
        score: round3(Number(r.score)),
      }));
  }

  private async searchExact(scope: MemoryScope, q: Float32Array, limit: number): Promise<MemoryMatch[]> {
    const rows = await this.database.db
      .selectFrom('content_memory')
      .select(['id', 'text', 'metadata', 'embedding'])
      .where('tenant_id', '=', scope.tenantId)
      .where('workspace_id', '=', scope.workspaceId)
      .where('namespace', '=', scope.namespace)
      .execute();
    return rows
      .map((r) => ({
        id: r.id as string,
        text: r.text as string,
        metadata: r.metadata as Record<string, unknown>,
        score: round3(cosine(q, r.embedding as number[])),
      }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }
}
