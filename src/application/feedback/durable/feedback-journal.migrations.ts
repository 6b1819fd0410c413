import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import type { MigrationSet } from '../../../core/ports/sql-database.port';

/**
 * The feedback hub's durable tables. `feedback_log` is the input log: every signal the hub acknowledged, and every
 * operator clear and consolidation, in acknowledgement order (`seq`), unique per tenant and id, so a retry is
 * recognised across restarts and instances (the `signal` column holds the signal, or the action). `feedback_snapshots` holds each tenant's derived state (health, counts, learning) as of a log position.
 * The signal is `json`, not `jsonb`: it is written once per signal and read back whole only on recovery, and `json`
 * was measured 30 % faster to insert on the embedded database.
 */
@SqlMigrations()
@Injectable()
export class FeedbackJournalMigrations {
  readonly migrations: MigrationSet = {
    '2026_12_07_400_feedback_log': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('feedback_log')
          .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('signal_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('signal', 'json', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addUniqueConstraint('feedback_log_tenant_signal', ['tenant_id', 'signal_id'])
          .execute();
        await db.schema.createIndex('feedback_log_at').on('feedback_log').column('at').execute();
        await db.schema
          .createTable('feedback_snapshots')
          .addColumn('tenant_id', 'text', (c) => c.primaryKey())
          .addColumn('applied_seq', 'bigint', (c) => c.notNull())
          .addColumn('replay_from', 'bigint', (c) => c.notNull())
          .addColumn('state', 'json', (c) => c.notNull())
          .addColumn('saved_at', 'bigint', (c) => c.notNull())
          .execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      down: async (db: Kysely<any>) => {
        await db.schema.dropTable('feedback_snapshots').execute();
        await db.schema.dropTable('feedback_log').execute();
      },
    },
  };
}
