import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../core/ports/sql-database.port';
import type { MissionMode, MissionRecord, MissionStatus } from './mission.types';

/** A row of `missions` (drivers may return jsonb as text and bigint as a string). */
type Row = Readonly<Record<string, unknown>>;

/** A mission to run, as the job queue carries it. */
export interface MissionJob {
  readonly tenantId: string;
  readonly missionId: string;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toRecord(row: Row): MissionRecord {
  return {
    missionId: String(row.mission_id),
    tenantId: String(row.tenant_id),
    workspaceId: String(row.workspace_id),
    requestId: String(row.request_id),
    url: String(row.url),
    depth: row.depth as MissionRecord['depth'],
    status: row.status as MissionStatus,
    mode: row.mode as MissionMode,
    runId: typeof row.run_id === 'string' ? row.run_id : null,
    sessionId: typeof row.session_id === 'string' ? row.session_id : null,
    revision: Number(row.revision),
    plan: json(row.plan),
    planningCostUsd: Number(row.planning_cost_usd),
    stages: json(row.stages),
    pulled: json(row.pulled),
    ledger: json(row.ledger),
    decisions: json(row.decisions),
    messages: json(row.messages),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
    error: json(row.error) ?? null,
  };
}

/** The columns a checkpoint writes. */
function checkpoint(m: MissionRecord): Row {
  return {
    status: m.status,
    run_id: m.runId,
    stages: JSON.stringify(m.stages),
    pulled: JSON.stringify(m.pulled),
    ledger: JSON.stringify(m.ledger),
    decisions: JSON.stringify(m.decisions),
    messages: JSON.stringify(m.messages),
    attempts: m.attempts,
    started_at: m.startedAt,
    finished_at: m.finishedAt,
    error: m.error === null ? null : JSON.stringify(m.error),
  };
}

/**
 * Missions and their checkpoints in the SQL store (`missions`): the plan, each stage's outcome with its result, the
 * crew stages pulled in as inputs, the budget ledger and the status, written after every stage. A mission id is
 * unique within its tenant, and every read and write is by tenant, except the boot recovery's list of unfinished
 * missions.
 */
@SqlMigrations()
@Injectable()
export class MissionRepository {
  readonly migrations: MigrationSet = {
    '2026_12_10_230_missions': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('missions')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('mission_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('depth', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('plan', 'jsonb', (c) => c.notNull())
          .addColumn('planning_cost_usd', 'double precision', (c) => c.notNull())
          .addColumn('stages', 'jsonb', (c) => c.notNull())
          .addColumn('pulled', 'jsonb', (c) => c.notNull())
          .addColumn('ledger', 'jsonb', (c) => c.notNull())
          .addColumn('decisions', 'jsonb', (c) => c.notNull())
          .addColumn('messages', 'jsonb', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('started_at', 'bigint')
          .addColumn('finished_at', 'bigint')
          .addColumn('error', 'jsonb')
          .addPrimaryKeyConstraint('missions_pkey', ['tenant_id', 'mission_id'])
          .execute();
        await db.schema
          .createIndex('missions_tenant_created')
          .on('missions')
          .columns(['tenant_id', 'created_at'])
          .execute();
        await db.schema.createIndex('missions_status').on('missions').column('status').execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      down: async (db: Kysely<any>) => {
        await db.schema.dropTable('missions').execute();
      },
    },
    '2026_12_11_100_mission_modes': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .alterTable('missions')
          .addColumn('mode', 'text', (c) => c.notNull().defaultTo('pipeline'))
          .execute();
        await db.schema.alterTable('missions').addColumn('run_id', 'text').execute();
        await db.schema.alterTable('missions').addColumn('session_id', 'text').execute();
        await db.schema
          .alterTable('missions')
          .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      down: async (db: Kysely<any>) => {
        for (const column of ['revision', 'session_id', 'run_id', 'mode'])
          await db.schema.alterTable('missions').dropColumn(column).execute();
      },
    },
  };

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  /** Stores a new mission; false when the tenant already has a mission with its id (nothing is written). */
  async insert(m: MissionRecord): Promise<boolean> {
    const result = await this.database.db
      .insertInto('missions')
      .values({
        tenant_id: m.tenantId,
        mission_id: m.missionId,
        workspace_id: m.workspaceId,
        request_id: m.requestId,
        url: m.url,
        depth: m.depth,
        mode: m.mode,
        revision: m.revision,
        plan: JSON.stringify(m.plan),
        planning_cost_usd: m.planningCostUsd,
        created_at: m.createdAt,
        ...checkpoint(m),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'mission_id']).doNothing())
      .returning('mission_id')
      .execute();
    return result.length === 1;
  }

  /** The mission, when it belongs to the tenant. */
  async get(tenantId: string, missionId: string): Promise<MissionRecord | undefined> {
    const row = await this.database.db
      .selectFrom('missions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('mission_id', '=', missionId)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** The tenant's newest missions, optionally of one status. */
  async list(tenantId: string, limit: number, status?: MissionStatus): Promise<MissionRecord[]> {
    let q = this.database.db.selectFrom('missions').selectAll().where('tenant_id', '=', tenantId);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('mission_id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  /**
   * Writes a checkpoint (status, run, outcomes, pulled results, ledger, decisions, messages) over the one it was
   * made from: the stored revision must still be `m.revision`, and becomes `m.revision + 1`. False when another
   * writer checkpointed in between (nothing is written): two runs of one mission can never interleave their writes.
   */
  async save(m: MissionRecord): Promise<boolean> {
    const result = await this.database.db
      .updateTable('missions')
      .set({ ...checkpoint(m), revision: m.revision + 1 })
      .where('tenant_id', '=', m.tenantId)
      .where('mission_id', '=', m.missionId)
      .where('revision', '=', m.revision)
      .returning('mission_id')
      .execute();
    return result.length === 1;
  }

  /** Stores the session of the run `runId`; false when the mission is on another run by now. */
  async attachSession(tenantId: string, missionId: string, runId: string, sessionId: string): Promise<boolean> {
    const result = await this.database.db
      .updateTable('missions')
      .set({ session_id: sessionId })
      .where('tenant_id', '=', tenantId)
      .where('mission_id', '=', missionId)
      .where('run_id', '=', runId)
      .returning('mission_id')
      .execute();
    return result.length === 1;
  }

  /** Sets the mission's status to `queued` if it is still `from` (a new checkpoint); whether it was. */
  async requeue(tenantId: string, missionId: string, from: MissionStatus): Promise<boolean> {
    const result = await this.database.db
      .updateTable('missions')
      .set((eb) => ({ status: 'queued', revision: eb('revision', '+', 1) }))
      .where('tenant_id', '=', tenantId)
      .where('mission_id', '=', missionId)
      .where('status', '=', from)
      .returning('mission_id')
      .execute();
    return result.length === 1;
  }

  /** The unfinished missions of every tenant (queued, running or interrupted), oldest first: the boot recovery's. */
  async unfinished(): Promise<(MissionJob & { readonly status: MissionStatus; readonly mode: MissionMode })[]> {
    const rows = await this.database.db
      .selectFrom('missions')
      .select(['tenant_id', 'mission_id', 'status', 'mode'])
      .where('status', 'in', ['queued', 'running', 'interrupted'])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      tenantId: String(r.tenant_id),
      missionId: String(r.mission_id),
      status: r.status as MissionStatus,
      mode: r.mode as MissionMode,
    }));
  }
}
