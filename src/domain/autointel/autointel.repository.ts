import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../core/persistence/sql-migrations.decorator';
import type { W3CTraceContext } from '../../core/context/trace-context';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../core/ports/sql-database.port';
import type { ProgressEvent, RunJob, RunMode, RunRecord, RunStatus } from './autointel.types';

/** A row of `autointel_runs`, written or read (drivers may return jsonb as text and bigint as a string). */
type Row = Readonly<Record<string, unknown>>;

/** A text column's value; undefined for null or empty. */
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function toRecord(row: Row): RunRecord {
  const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    workflowId: row.workflow_id as string,
    tenantId: row.tenant_id as string,
    workspaceId: row.workspace_id as string,
    // Rows stored before the correlation columns existed have nulls there.
    requestId: text(row.request_id) ?? null,
    traceId: text(row.trace_id) ?? null,
    url: row.url as string,
    depth: row.depth as RunRecord['depth'],
    mode: row.mode as RunMode,
    status: row.status as RunStatus,
    createdAt: Number(row.created_at),
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
    attempts: Number(row.attempts),
    events: json<ProgressEvent[]>(row.events) ?? [],
    result: json(row.result) ?? null,
    error: json(row.error) ?? null,
  };
}

/** The job of a stored run, with the correlation it was started with. */
function toJob(row: Row): RunJob {
  const [requestId, traceparent, tracestate] = [text(row.request_id), text(row.traceparent), text(row.tracestate)];
  return {
    workflowId: String(row.workflow_id),
    tenantId: String(row.tenant_id),
    ...(requestId ? { requestId } : {}),
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  };
}

/** The columns of a run that change as it goes. */
function mutable(run: RunRecord): Row {
  return {
    status: run.status,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    attempts: run.attempts,
    events: JSON.stringify(run.events),
    result: run.result === null ? null : JSON.stringify(run.result),
    error: run.error === null ? null : JSON.stringify(run.error),
  };
}

/**
 * The runs of `/autointel` in the SQL store (`autointel_runs`), so that any instance can answer for any run and
 * an unfinished run can be found again after a restart. Every read is by tenant.
 */
@SqlMigrations()
@Injectable()
export class AutointelRepository {
  readonly migrations: MigrationSet = {
    '2026_11_24_210_autointel_runs': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('autointel_runs')
          .addColumn('workflow_id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('depth', 'text', (c) => c.notNull())
          .addColumn('mode', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('started_at', 'bigint')
          .addColumn('finished_at', 'bigint')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('events', 'jsonb', (c) => c.notNull())
          .addColumn('result', 'jsonb')
          .addColumn('error', 'jsonb')
          .execute();
        await db.schema
          .createIndex('autointel_runs_status')
          .on('autointel_runs')
          .columns(['status', 'finished_at'])
          .execute();
      },
    },
    // Where a run came from: the starting request's id and W3C trace context, and the trace of the run's spans.
    '2026_12_07_210_autointel_runs_correlation': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .alterTable('autointel_runs')
          .addColumn('request_id', 'text')
          .addColumn('trace_id', 'text')
          .addColumn('traceparent', 'text')
          .addColumn('tracestate', 'text')
          .execute();
      },
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      down: async (db: Kysely<any>) => {
        await db.schema
          .alterTable('autointel_runs')
          .dropColumn('request_id')
          .dropColumn('trace_id')
          .dropColumn('traceparent')
          .dropColumn('tracestate')
          .execute();
      },
    },
  };

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  /** Stores a new run with the W3C trace context its spans are to continue, if any. */
  async insert(run: RunRecord, traceContext: W3CTraceContext | undefined): Promise<void> {
    await this.database.db
      .insertInto('autointel_runs')
      .values({
        workflow_id: run.workflowId,
        tenant_id: run.tenantId,
        workspace_id: run.workspaceId,
        request_id: run.requestId,
        trace_id: run.traceId,
        traceparent: traceContext?.traceparent ?? null,
        tracestate: traceContext?.tracestate ?? null,
        url: run.url,
        depth: run.depth,
        mode: run.mode,
        created_at: run.createdAt,
        ...mutable(run),
      })
      .execute();
  }

  /** The run, when it belongs to the tenant. */
  async get(tenantId: string, workflowId: string): Promise<RunRecord | undefined> {
    const row = await this.database.db
      .selectFrom('autointel_runs')
      .selectAll()
      .where('workflow_id', '=', workflowId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** The tenant's newest runs, optionally of one status. */
  async list(tenantId: string, limit: number, status?: RunStatus): Promise<RunRecord[]> {
    let q = this.database.db.selectFrom('autointel_runs').selectAll().where('tenant_id', '=', tenantId);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('workflow_id', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  /** Writes the mutable part of a run. */
  async update(run: RunRecord): Promise<void> {
    await this.database.db
      .updateTable('autointel_runs')
      .set(mutable(run))
      .where('workflow_id', '=', run.workflowId)
      .execute();
  }

  /** How many runs of every tenant are accepted and not started yet (admission of new runs). */
  async countQueued(): Promise<number> {
    const row = await this.database.db
      .selectFrom('autointel_runs')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'queued')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The jobs of the unfinished runs of every tenant, oldest first (boot recovery in the in-process mode). */
  async unfinished(): Promise<RunJob[]> {
    const rows = await this.database.db
      .selectFrom('autointel_runs')
      .selectAll()
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .execute();
    return rows.map(toJob);
  }

  /** Deletes finished runs older than `before`; returns how many. */
  async purge(before: number): Promise<number> {
    const result = await this.database.db
      .deleteFrom('autointel_runs')
      .where('status', 'in', ['completed', 'failed'])
      .where('finished_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
