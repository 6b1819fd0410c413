import { sql, type Kysely } from 'kysely';
import type { StepResult } from '../../core/result/step-result';
import type { SessionStatus, TaskRecord } from './hierarchy.records';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;
type Row = Readonly<Record<string, unknown>>;

/**
 * The statements that write many tasks' and attempts' rows at once. Each takes its rows as one jsonb parameter,
 * typed by `jsonb_to_recordset`: any number of rows costs one bound parameter and one round trip.
 */

/** A task's stored columns, as the batch statements take them. */
export interface TaskRow {
  readonly session_id: string;
  readonly task_id: string;
  readonly tenant_id: string;
  readonly status: string;
  readonly agent_id: string | null;
  readonly attempts: number;
  readonly result: StepResult<unknown> | null;
  readonly reason: string | null;
  readonly started_at: number | null;
  readonly finished_at: number | null;
  readonly progress_at: number | null;
  readonly progress: number | null;
  readonly recoveries: number;
  readonly round_start: number;
}

/** The task's row as it is now (the caller may change the record afterwards). */
export const taskRow = (tenantId: string, t: TaskRecord): TaskRow => ({
  session_id: t.sessionId,
  task_id: t.taskId,
  tenant_id: tenantId,
  status: t.status,
  agent_id: t.agentId,
  attempts: t.attempts,
  result: t.result,
  reason: t.reason,
  started_at: t.startedAt,
  finished_at: t.finishedAt,
  progress_at: t.progressAt,
  progress: t.progress,
  recoveries: t.recoveries,
  round_start: t.roundStart,
});

const TASK_COLUMNS = sql.raw(
  'session_id text, task_id text, tenant_id text, status text, agent_id text, attempts integer, result jsonb, ' +
    'reason text, started_at bigint, finished_at bigint, progress_at bigint, progress double precision, ' +
    'recoveries integer, round_start integer',
);

/** `update hierarchy_tasks … from v`: every mutable column of the tasks in `v`, matched by session, task and tenant. */
const UPDATE_TASKS = sql`update hierarchy_tasks as h set status = v.status, agent_id = v.agent_id,
  attempts = v.attempts, result = v.result, reason = v.reason, started_at = v.started_at,
  finished_at = v.finished_at, progress_at = v.progress_at, progress = v.progress, recoveries = v.recoveries,
  round_start = v.round_start
  from v where h.session_id = v.session_id and h.task_id = v.task_id and h.tenant_id = v.tenant_id`;

/**
 * Stores the tasks of attempts starting in one session and counts the attempts as its steps, in one statement;
 * answers the session's step count after them and its status (null when the tenant has no such session).
 */
export async function startAttempts(
  db: Db,
  tenantId: string,
  sessionId: string,
  tasks: readonly TaskRow[],
): Promise<{ steps: number; status: SessionStatus | null }> {
  const { rows } = await sql<Row>`with v as (
      select * from jsonb_to_recordset(${JSON.stringify(tasks)}::jsonb) as v(${TASK_COLUMNS})
    ), t as (${UPDATE_TASKS} returning 1)
    update hierarchy_sessions set steps = steps + ${tasks.length}::integer
    where session_id = ${sessionId} and tenant_id = ${tenantId}
    returning steps, status`.execute(db);
  const row = rows[0];
  return { steps: Number(row?.steps ?? 0), status: (row?.status as SessionStatus | undefined) ?? null };
}

/** What settled tasks add to one agent's record of work. */
export interface AgentTally {
  readonly tenant_id: string;
  readonly agent_id: string;
  readonly completed: number;
  readonly failed: number;
  /** Completed tasks with a duration, and the sum of their seconds. */
  readonly timed: number;
  readonly seconds: number;
}

/**
 * Stores settled tasks and adds them to their agents' records, in one statement. The arithmetic is in SQL, so two
 * instances settling tasks of one agent at once cannot lose a count; the mean completion time takes the batch's
 * timed tasks as if added one by one.
 */
export async function settleTasks(db: Db, tasks: readonly TaskRow[], agents: readonly AgentTally[]): Promise<void> {
  await sql`with v as (
      select * from jsonb_to_recordset(${JSON.stringify(tasks)}::jsonb) as v(${TASK_COLUMNS})
    ), t as (${UPDATE_TASKS} returning 1),
    g as (
      select * from jsonb_to_recordset(${JSON.stringify(agents)}::jsonb)
        as g(tenant_id text, agent_id text, completed integer, failed integer, timed integer, seconds double precision)
    )
    update hierarchy_agents as a set completed = a.completed + g.completed, failed = a.failed + g.failed,
      average_seconds = case when g.timed = 0 then a.average_seconds
        when a.average_seconds is null then g.seconds / g.timed
        else (a.average_seconds * a.completed + g.seconds) / (a.completed + g.timed) end
    from g where a.tenant_id = g.tenant_id and a.agent_id = g.agent_id`.execute(db);
}

/** An attempt to claim, as the claim statement takes it. */
export interface ClaimRow {
  readonly session_id: string;
  readonly attempt_id: string;
  readonly tenant_id: string;
  readonly task_id: string;
  readonly agent_id: string;
  readonly worker: string;
  readonly started_at: number;
}

/** Stores attempts as running, those not stored yet; answers the keys (`session/attempt`) it stored. */
export async function insertAttempts(db: Db, attempts: readonly ClaimRow[]): Promise<Set<string>> {
  const { rows } = await sql<Row>`insert into hierarchy_attempts
      (session_id, attempt_id, tenant_id, task_id, agent_id, worker, status, started_at)
    select v.session_id, v.attempt_id, v.tenant_id, v.task_id, v.agent_id, v.worker, 'running', v.started_at
    from jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb) as v(session_id text, attempt_id text,
      tenant_id text, task_id text, agent_id text, worker text, started_at bigint)
    on conflict (session_id, attempt_id) do nothing
    returning session_id, attempt_id`.execute(db);
  return new Set(rows.map((r) => `${String(r.session_id)}/${String(r.attempt_id)}`));
}

/** An attempt named by its keys. */
export interface AttemptKey {
  readonly session_id: string;
  readonly attempt_id: string;
  readonly tenant_id: string;
}

/** The stored rows of some attempts (those of their tenant). */
export async function selectAttempts(db: Db, keys: readonly AttemptKey[]): Promise<Row[]> {
  const { rows } = await sql<Row>`select a.* from hierarchy_attempts as a
    join jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) as v(session_id text, attempt_id text, tenant_id text)
      on a.session_id = v.session_id and a.attempt_id = v.attempt_id and a.tenant_id = v.tenant_id`.execute(db);
  return rows;
}

/** A settled attempt's result, as the settle statement takes it. */
export interface SettleRow extends AttemptKey {
  readonly result: StepResult<unknown>;
  readonly finished_at: number;
}

export async function settleAttempts(db: Db, attempts: readonly SettleRow[]): Promise<void> {
  await sql`update hierarchy_attempts as a set status = 'settled', result = v.result, finished_at = v.finished_at
    from jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb)
      as v(session_id text, attempt_id text, tenant_id text, result jsonb, finished_at bigint)
    where a.session_id = v.session_id and a.attempt_id = v.attempt_id and a.tenant_id = v.tenant_id`.execute(db);
}
