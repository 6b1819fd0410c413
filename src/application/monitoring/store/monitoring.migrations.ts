import { Injectable } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import type { MigrationSet } from '../../../core/ports/sql-database.port';

/**
 * Monitoring's tables, every row keyed by tenant first. `monitoring_creators`: one row per creator id.
 * `monitoring_sources`: one per source, unique per tenant, platform and locator. `monitoring_source_state`: the
 * schedule and the memory of checks of a source (validators exactly as received, the next check, which the
 * scheduler's due query reads through `next_check_at`). `monitoring_items`: one row per item seen on a source,
 * unique per tenant, source and item id, which is what makes the first-seen insert race-safe; `seq` keeps the order
 * of insertion. `monitoring_checks`: the history of checks. Times are epoch ms.
 */
export const MONITORING_MIGRATIONS: MigrationSet = {
  '2026_12_13_100_monitoring': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    up: async (db: Kysely<any>) => {
      await db.schema
        .createTable('monitoring_creators')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('creator_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('tier', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitoring_creators_pk', ['tenant_id', 'creator_id'])
        .execute();
      await db.schema
        .createTable('monitoring_sources')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('creator_id', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('locator', 'text', (c) => c.notNull())
        .addColumn('youtube_kind', 'text')
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('min_interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('max_interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('jitter_seconds', 'integer', (c) => c.notNull())
        .addColumn('quiet_hours', 'jsonb')
        .addColumn('run_mode', 'text', (c) => c.notNull())
        .addColumn('run_depth', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitoring_sources_pk', ['tenant_id', 'source_id'])
        .addUniqueConstraint('monitoring_sources_locator', ['tenant_id', 'platform', 'locator'])
        .execute();
      await db.schema
        .createIndex('monitoring_sources_creator')
        .on('monitoring_sources')
        .columns(['tenant_id', 'creator_id'])
        .execute();
      await db.schema
        .createTable('monitoring_source_state')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('next_check_at', 'bigint')
        .addColumn('last_check_at', 'bigint')
        .addColumn('last_success_at', 'bigint')
        .addColumn('last_error', 'jsonb')
        .addColumn('consecutive_errors', 'integer', (c) => c.notNull())
        .addColumn('backoff_until', 'bigint')
        .addColumn('current_interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('websub', 'jsonb')
        .addPrimaryKeyConstraint('monitoring_source_state_pk', ['tenant_id', 'source_id'])
        .execute();
      await db.schema
        .createIndex('monitoring_source_state_next')
        .on('monitoring_source_state')
        .column('next_check_at')
        .where(sql.ref('next_check_at'), 'is not', null)
        .execute();
      await db.schema
        .createTable('monitoring_items')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('title', 'text')
        .addColumn('published_at', 'bigint')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addPrimaryKeyConstraint('monitoring_items_pk', ['tenant_id', 'source_id', 'item_id'])
        .execute();
      await db.schema
        .createIndex('monitoring_items_recent')
        .on('monitoring_items')
        .columns(['tenant_id', 'source_id', 'first_seen_at'])
        .execute();
      await db.schema
        .createIndex('monitoring_items_waiting')
        .on('monitoring_items')
        .columns(['first_seen_at', 'seq'])
        .where(sql.ref('run_id'), 'is', null)
        .execute();
      await db.schema
        .createTable('monitoring_checks')
        .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error_kind', 'text')
        .addColumn('http_status', 'integer')
        .addColumn('bytes', 'bigint', (c) => c.notNull())
        .addColumn('new_items', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('monitoring_checks_source_at')
        .on('monitoring_checks')
        .columns(['tenant_id', 'source_id', 'at'])
        .execute();
      await db.schema.createIndex('monitoring_checks_at').on('monitoring_checks').column('at').execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    down: async (db: Kysely<any>) => {
      for (const table of [
        'monitoring_checks',
        'monitoring_items',
        'monitoring_source_state',
        'monitoring_sources',
        'monitoring_creators',
      ])
        await db.schema.dropTable(table).execute();
    },
  },
};

/** Contributes {@link MONITORING_MIGRATIONS} to the schema (run at boot by the kernel's migration runner). */
@SqlMigrations()
@Injectable()
export class MonitoringMigrations {
  readonly migrations = MONITORING_MIGRATIONS;
}
