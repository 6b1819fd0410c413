import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import type { MigrationSet } from '../../../core/ports/sql-database.port';
import { GENESIS_HASH } from './audit-chain';

/**
 * The audit log's tables: `security_audit` (the chain), `security_audit_checkpoints` (signed statements of its
 * length and last hash) and `security_audit_head` (one row: the last appended seq and hash; appends lock it
 * `FOR UPDATE`, which serialises them across instances sharing a database and makes seqs gapless). Triggers make
 * the first two append-only: UPDATE, DELETE and TRUNCATE fail unless someone with rights over the schema
 * disables them, which is what verification is there to catch.
 */
export const AUDIT_MIGRATIONS: MigrationSet = {
  '2026_12_07_300_security_audit': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('security_audit')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('ts', 'timestamptz', (c) => c.notNull())
        .addColumn('tenant_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('extra', 'json', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('security_audit_tenant_seq')
        .on('security_audit')
        .columns(['tenant_id', 'seq'])
        .execute();
      await db.schema.createIndex('security_audit_ts').on('security_audit').column('ts').execute();
      await db.schema
        .createTable('security_audit_checkpoints')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('row_count', 'bigint', (c) => c.notNull())
        .addColumn('ts', 'timestamptz', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('hmac', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('security_audit_head')
        .addColumn('id', 'smallint', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('security_audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
      await sql`create function security_audit_append_only() returns trigger language plpgsql as $$
        begin
          raise exception '% is append-only', tg_table_name;
        end $$`.execute(db);
      for (const table of ['security_audit', 'security_audit_checkpoints']) {
        await sql`create trigger ${sql.id(`${table}_no_change`)} before update or delete on ${sql.table(table)}
          for each row execute function security_audit_append_only()`.execute(db);
        await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
          for each statement execute function security_audit_append_only()`.execute(db);
      }
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    down: async (db: Kysely<any>) => {
      for (const table of ['security_audit_head', 'security_audit_checkpoints', 'security_audit'])
        await db.schema.dropTable(table).execute();
      await sql`drop function security_audit_append_only()`.execute(db);
    },
  },
};

/** Contributes {@link AUDIT_MIGRATIONS} to the schema (run at boot by the kernel's migration runner). */
@SqlMigrations()
@Injectable()
export class AuditMigrations {
  readonly migrations = AUDIT_MIGRATIONS;
}
