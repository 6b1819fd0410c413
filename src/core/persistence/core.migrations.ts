import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '../ports/sql-database.port';

/** Tables of the kernel itself. */
export const CORE_MIGRATIONS: MigrationSet = {
  '2026_11_24_000_core_kv_entries': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('kv_entries')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'jsonb', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addPrimaryKeyConstraint('kv_entries_pk', ['tenant_id', 'namespace', 'key'])
        .execute();
      await sql`create index kv_entries_expires_at on kv_entries (expires_at) where expires_at is not null`.execute(db);
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable('kv_entries').execute();
    },
  },
};
