import { Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import type { MigrationSet } from '../../../core/ports/sql-database.port';

/**
 * The interaction log's table. `agent_interactions` is append-only: rows are inserted and, past retention, deleted;
 * never updated. `seq` numbers them in append order across the whole log. The tool lists are `json`, not `jsonb`:
 * written once per row and read back whole, and `json` is the cheaper of the two to insert.
 */
@SqlMigrations()
@Injectable()
export class InteractionsMigrations {
  readonly migrations: MigrationSet = {
    '2026_12_12_100_agent_interactions': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('agent_interactions')
          .addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('agent', 'text', (c) => c.notNull())
          .addColumn('task_type', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('run_id', 'text', (c) => c.notNull())
          .addColumn('tools', 'json', (c) => c.notNull())
          .addColumn('tool_sequence', 'json', (c) => c.notNull())
          .addColumn('duration_ms', 'double precision', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('quality', 'double precision')
          .addColumn('error', 'text')
          .addColumn('at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('agent_interactions_tenant_agent_at')
          .on('agent_interactions')
          .columns(['tenant_id', 'agent', 'at'])
          .execute();
        await db.schema
          .createIndex('agent_interactions_tenant_at')
          .on('agent_interactions')
          .columns(['tenant_id', 'at'])
          .execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      down: async (db: Kysely<any>) => {
        await db.schema.dropTable('agent_interactions').execute();
      },
    },
  };
}
