import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../core/ports/sql-database.port';
import type { ApiKeyRecord } from './api-key.record';

interface Row {
  prefix: string;
  tenant_id: string;
  name: string;
  roles: string;
  scopes: string;
  attributes: string;
  hash: string;
  created_at: string | number;
  created_by: string;
  expires_at: string | number | null;
  revoked_at: string | number | null;
  last_used_at: string | number | null;
  replaced_by: string | null;
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

function recordOf(row: Row): ApiKeyRecord {
  return {
    prefix: row.prefix,
    tenantId: row.tenant_id,
    name: row.name,
    roles: JSON.parse(row.roles) as ApiKeyRecord['roles'],
    scopes: JSON.parse(row.scopes) as string[],
    attributes: JSON.parse(row.attributes) as ApiKeyRecord['attributes'],
    hash: row.hash,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    expiresAt: num(row.expires_at),
    revokedAt: num(row.revoked_at),
    lastUsedAt: num(row.last_used_at),
    replacedBy: row.replaced_by,
  };
}

/** The table row of a record. */
function rowOf(record: ApiKeyRecord) {
  return {
    prefix: record.prefix,
    tenant_id: record.tenantId,
    name: record.name,
    roles: JSON.stringify(record.roles),
    scopes: JSON.stringify(record.scopes),
    attributes: JSON.stringify(record.attributes),
    hash: record.hash,
    created_at: record.createdAt,
    created_by: record.createdBy,
    expires_at: record.expiresAt,
    revoked_at: record.revokedAt,
    last_used_at: record.lastUsedAt,
    replaced_by: record.replacedBy,
  };
}

/** API keys in `security_api_keys` (embedded database or PostgreSQL). Every read but `byPrefix` names a tenant. */
@SqlMigrations()
@Injectable()
export class ApiKeyRepository {
  readonly migrations: MigrationSet = {
    '2026_12_07_300_security_api_keys': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('security_api_keys')
          .addColumn('prefix', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('scopes', 'text', (c) => c.notNull())
          .addColumn('attributes', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint')
          .addColumn('revoked_at', 'bigint')
          .addColumn('last_used_at', 'bigint')
          .addColumn('replaced_by', 'text')
          .execute();
        await db.schema.createIndex('security_api_keys_tenant').on('security_api_keys').column('tenant_id').execute();
      },
    },
  };

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private get db(): Kysely<any> {
    return this.database.db;
  }

  async insert(record: ApiKeyRecord): Promise<void> {
    await this.db.insertInto('security_api_keys').values(rowOf(record)).execute();
  }

  /**
   * Inserts unless a key with this prefix exists; false when one did. Several instances starting together on one
   * PostgreSQL all try to store the same bootstrap key: one wins, the others find it there.
   */
  async insertIfAbsent(record: ApiKeyRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('security_api_keys')
      .values(rowOf(record))
      .onConflict((oc) => oc.column('prefix').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** The key with this prefix, any tenant: authentication starts from the prefix the client sent. */
  async byPrefix(prefix: string): Promise<ApiKeyRecord | undefined> {
    const row = (await this.db
      .selectFrom('security_api_keys')
      .selectAll()
      .where('prefix', '=', prefix)
      .executeTakeFirst()) as Row | undefined;
    return row ? recordOf(row) : undefined;
  }

  /** The tenant's keys, newest first; `undefined` lists every tenant's (an admin acting for all). */
  async list(tenantId: string | undefined): Promise<ApiKeyRecord[]> {
    let q = this.db.selectFrom('security_api_keys').selectAll();
    if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
    const rows = (await q.orderBy('created_at', 'desc').orderBy('prefix').execute()) as Row[];
    return rows.map(recordOf);
  }

  /** Whether any unrevoked, unexpired key has the admin role. */
  async hasActiveAdmin(now: number): Promise<boolean> {
    const rows = (await this.db
      .selectFrom('security_api_keys')
      .select(['roles', 'expires_at'])
      .where('revoked_at', 'is', null)
      .execute()) as Pick<Row, 'roles' | 'expires_at'>[];
    return rows.some(
      (r) =>
        (JSON.parse(r.roles) as string[]).includes('admin') && (r.expires_at === null || Number(r.expires_at) > now),
    );
  }

  async setRevoked(prefix: string, at: number): Promise<void> {
    await this.db.updateTable('security_api_keys').set({ revoked_at: at }).where('prefix', '=', prefix).execute();
  }

  async setReplaced(prefix: string, replacedBy: string, expiresAt: number): Promise<void> {
    await this.db
      .updateTable('security_api_keys')
      .set({ replaced_by: replacedBy, expires_at: expiresAt })
      .where('prefix', '=', prefix)
      .execute();
  }

  async touch(prefix: string, at: number): Promise<void> {
    await this.db.updateTable('security_api_keys').set({ last_used_at: at }).where('prefix', '=', prefix).execute();
  }
}
