import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../core/persistence/sql-migrations.decorator';
import type { MigrationSet } from '../../core/ports/sql-database.port';

/**
 * The bandits' input log (durable mode). `bandit_decisions`: one row per decision, claimed once by its feedback
 * (`answered`). `bandit_rewards`: one row per reward in commit order (`seq`), with the answer its caller got, unique
 * per tenant and key (a decision id, or `port:<key>` for the port), so a retry is recognised. `bandit_marks`: per
 * tenant and domain, the highest reward and decision seqs every stored learner snapshot reflects (what retention may
 * delete up to). Times are epoch ms.
 */
export const BANDITS_MIGRATIONS: MigrationSet = {
  '2026_12_07_450_bandit_journal': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('bandit_decisions')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('decision_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity().unique())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('action', 'integer', (c) => c.notNull())
        .addColumn('x', 'jsonb', (c) => c.notNull())
        .addColumn('propensity', 'double precision', (c) => c.notNull())
        .addColumn('decided_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('answered', 'boolean', (c) => c.notNull().defaultTo(false))
        .addPrimaryKeyConstraint('bandit_decisions_pk', ['tenant_id', 'decision_id'])
        .execute();
      await db.schema
        .createIndex('bandit_decisions_domain_seq')
        .on('bandit_decisions')
        .columns(['tenant_id', 'domain', 'seq'])
        .execute();
      await db.schema.createIndex('bandit_decisions_expires').on('bandit_decisions').column('expires_at').execute();
      await db.schema
        .createTable('bandit_rewards')
        .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('reward_key', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('x', 'jsonb', (c) => c.notNull())
        .addColumn('action', 'integer', (c) => c.notNull())
        .addColumn('reward', 'double precision', (c) => c.notNull())
        .addColumn('propensity', 'double precision', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('outcome', 'jsonb')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('bandit_rewards_key', ['tenant_id', 'reward_key'])
        .execute();
      await db.schema
        .createIndex('bandit_rewards_domain_seq')
        .on('bandit_rewards')
        .columns(['tenant_id', 'domain', 'seq'])
        .execute();
      await db.schema
        .createTable('bandit_marks')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('reward_seq', 'bigint', (c) => c.notNull())
        .addColumn('decision_seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('bandit_marks_pk', ['tenant_id', 'domain'])
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    down: async (db: Kysely<any>) => {
      for (const table of ['bandit_marks', 'bandit_rewards', 'bandit_decisions'])
        await db.schema.dropTable(table).execute();
    },
  },
};

/** Contributes {@link BANDITS_MIGRATIONS} to the schema (run at boot by the kernel's migration runner). */
@SqlMigrations()
@Injectable()
export class BanditsMigrations {
  readonly migrations = BANDITS_MIGRATIONS;
}
