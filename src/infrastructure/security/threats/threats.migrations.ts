import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import type { MigrationSet } from '../../../core/ports/sql-database.port';

/**
 * The threat tables. `security_threats`: one row per threat, its JSON in `body`, with the columns queries filter
 * and sort on (`seq` orders threats detected in the same millisecond). `security_blocklist`: one row per blocked
 * IP or principal, `expires_at` in epoch ms.
 */
export const THREATS_MIGRATIONS: MigrationSet = {
  '2026_12_07_310_security_threats': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('security_threats')
        .addColumn('threat_id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
        .addColumn('tenant_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('detected_at', 'bigint', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('security_threats_tenant_detected')
        .on('security_threats')
        .columns(['tenant_id', 'detected_at'])
        .execute();
      await db.schema
        .createIndex('security_threats_detected')
        .on('security_threats')
        .columns(['detected_at', 'seq'])
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    down: async (db: Kysely<any>) => {
      await db.schema.dropTable('security_threats').execute();
    },
  },
  '2026_12_07_320_security_blocklist': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('security_blocklist')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('security_blocklist_pk', ['kind', 'value'])
        .execute();
      await db.schema.createIndex('security_blocklist_expires').on('security_blocklist').column('expires_at').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    down: async (db: Kysely<any>) => {
      await db.schema.dropTable('security_blocklist').execute();
    },
  },
};

/** Contributes {@link THREATS_MIGRATIONS} to the schema (run at boot by the kernel's migration runner). */
@SqlMigrations()
@Injectable()
export class ThreatsMigrations {
  readonly migrations = THREATS_MIGRATIONS;
}
