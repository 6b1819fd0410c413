import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../../core/ports/sql-database.port';
import { agentDefinitionSchema, type AgentId, type VersionedDefinition } from '../../crew';

/** A row of `agent_definition_versions` (drivers may return jsonb as text and bigint as a string). */
type Row = Readonly<Record<string, unknown>>;

/** A stored version; the definition is parsed again, which also puts its fields back in their order (jsonb sorts keys). */
function toVersion(row: Row): VersionedDefinition {
  const definition: unknown = typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition;
  return {
    agent: String(row.agent) as AgentId,
    version: Number(row.version),
    definition: agentDefinitionSchema.parse(definition),
    at: Number(row.at),
    origin: row.origin as VersionedDefinition['origin'],
  };
}

/**
 * Every version of every crew agent's definition (`agent_definition_versions`), none ever overwritten: the
 * definitions are instance-wide configuration, shared by every instance on one database, not tenant data. A
 * version number is unique per agent, so two instances storing the same number race and exactly one wins.
 */
@SqlMigrations()
@Injectable()
export class AgentDefinitionRepository {
  readonly migrations: MigrationSet = {
    '2026_12_12_300_agent_definitions': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('agent_definition_versions')
          .addColumn('agent', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('definition', 'jsonb', (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('agent_definition_versions_pkey', ['agent', 'version'])
          .execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      down: async (db: Kysely<any>) => {
        await db.schema.dropTable('agent_definition_versions').execute();
      },
    },
  };

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  /** Stores a version; false when the agent already has one with its number (nothing is written). */
  async insert(v: VersionedDefinition): Promise<boolean> {
    const result = await this.database.db
      .insertInto('agent_definition_versions')
      .values({
        agent: v.agent,
        version: v.version,
        definition: JSON.stringify(v.definition),
        origin: v.origin,
        at: v.at,
      })
      .onConflict((oc) => oc.columns(['agent', 'version']).doNothing())
      .returning('version')
      .execute();
    return result.length === 1;
  }

  /** The newest version number of each agent that has one stored. */
  async heads(): Promise<Map<AgentId, number>> {
    const rows = await this.database.db
      .selectFrom('agent_definition_versions')
      .select(['agent', (eb) => eb.fn.max('version').as('version')])
      .groupBy('agent')
      .execute();
    return new Map(rows.map((r: Row) => [String(r.agent) as AgentId, Number(r.version)]));
  }

  /** One stored version. */
  async get(agent: AgentId, version: number): Promise<VersionedDefinition | undefined> {
    const row = await this.database.db
      .selectFrom('agent_definition_versions')
      .selectAll()
      .where('agent', '=', agent)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  /** The agent's stored versions, oldest first. */
  async history(agent: AgentId): Promise<VersionedDefinition[]> {
    const rows = await this.database.db
      .selectFrom('agent_definition_versions')
      .selectAll()
      .where('agent', '=', agent)
      .orderBy('version')
      .execute();
    return rows.map(toVersion);
  }
}
