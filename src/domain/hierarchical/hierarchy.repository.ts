import { Inject, Injectable } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { SqlMigrations } from '../../core/persistence/sql-migrations.decorator';
import { SQL_DATABASE, type MigrationSet, type SqlDatabase } from '../../core/ports/sql-database.port';
import type { StepResult } from '../../core/result/step-result';
import { HierarchyBatches, type AgentOutcome } from './hierarchy.batches';
import type { SessionRecord, SessionStatus, SessionView, TaskRecord } from './hierarchy.records';

type Row = Readonly<Record<string, unknown>>;
// Drivers may return jsonb as text and bigint as a string.
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toSession(row: Row): SessionRecord {
  return {
    sessionId: String(row.session_id),
    tenantId: String(row.tenant_id),
    workspaceId: String(row.workspace_id),
    requestId: String(row.request_id),
    mission: json(row.mission),
    objectives: json(row.objectives),
    plan: json(row.plan),
    limits: json(row.limits),
    principal: json(row.principal) ?? null,
    status: row.status as SessionStatus,
    createdAt: Number(row.created_at),
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
    steps: Number(row.steps),
    starts: Number(row.starts),
    coordinator: (row.coordinator as string | null) ?? null,
    error: (row.error as string | null) ?? null,
    synthesis: json(row.synthesis) ?? null,
  };
}

function toTask(row: Row): TaskRecord {
  return {
    sessionId: String(row.session_id),
    taskId: String(row.task_id),
    objectiveId: String(row.objective_id),
    type: String(row.type),
    priority: Number(row.priority),
    status: row.status as TaskRecord['status'],
    agentId: (row.agent_id as string | null) ?? null,
    attempts: Number(row.attempts),
    result: json(row.result) ?? null,
    reason: (row.reason as string | null) ?? null,
    startedAt: num(row.started_at),
    finishedAt: num(row.finished_at),
    progressAt: num(row.progress_at),
    progress: num(row.progress),
    recoveries: Number(row.recoveries),
    roundStart: Number(row.round_start),
  };
}

// Steps are counted by `bumpSteps` alone (a delegation on another instance counts too).
function toAttempt(row: Row): AttemptRecord {
  return {
    attemptId: String(row.attempt_id),
    taskId: String(row.task_id),
    agentId: String(row.agent_id),
    worker: String(row.worker),
    status: row.status as AttemptRecord['status'],
    result: json(row.result) ?? null,
    startedAt: Number(row.started_at),
    finishedAt: num(row.finished_at),
  };
}

const sessionMutable = (s: SessionRecord): Row => ({
  status: s.status,
  started_at: s.startedAt,
  finished_at: s.finishedAt,
  starts: s.starts,
  coordinator: s.coordinator,
  error: s.error,
  synthesis: s.synthesis === null ? null : JSON.stringify(s.synthesis),
});

const taskMutable = (t: TaskRecord): Row => ({
  status: t.status,
  agent_id: t.agentId,
  attempts: t.attempts,
  result: t.result === null ? null : JSON.stringify(t.result),
  reason: t.reason,
  started_at: t.startedAt,
  finished_at: t.finishedAt,
  progress_at: t.progressAt,
  progress: t.progress,
  recoveries: t.recoveries,
  round_start: t.roundStart,
});

/** A stored attempt: the idempotency record of one handler call (`<taskId>#<n>`). */
export interface AttemptRecord {
  readonly attemptId: string;
  readonly taskId: string;
  readonly agentId: string;
  /** The process that ran it (`<host>:<pid>`). */
  readonly worker: string;
  readonly status: 'running' | 'settled';
  readonly result: StepResult<unknown> | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

/**
 * Hierarchical sessions, their tasks and attempts, and the agent registry, in the SQL store. Every read and write
 * names the tenant; only boot recovery and the monitor read across tenants.
 */
@SqlMigrations()
@Injectable()
export class HierarchyRepository {
  readonly migrations: MigrationSet = {
    '2026_12_08_300_hierarchy': {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      up: async (db: Kysely<any>) => {
        await db.schema
          .createTable('hierarchy_sessions')
          .addColumn('session_id', 'text', (c) => c.primaryKey())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('workspace_id', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('mission', 'jsonb', (c) => c.notNull())
          .addColumn('objectives', 'jsonb', (c) => c.notNull())
          .addColumn('plan', 'jsonb', (c) => c.notNull())
          .addColumn('limits', 'jsonb', (c) => c.notNull())
          .addColumn('principal', 'jsonb')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('started_at', 'bigint')
          .addColumn('finished_at', 'bigint')
          .addColumn('steps', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('starts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('coordinator', 'text')
          .addColumn('error', 'text')
          .addColumn('synthesis', 'jsonb')
          .execute();
        await db.schema
          .createIndex('hierarchy_sessions_tenant')
          .on('hierarchy_sessions')
          .columns(['tenant_id', 'created_at'])
          .execute();
        await db.schema
          .createTable('hierarchy_tasks')
          .addColumn('session_id', 'text', (c) => c.notNull())
          .addColumn('task_id', 'text', (c) => c.notNull())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('objective_id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('priority', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('result', 'jsonb')
          .addColumn('reason', 'text')
          .addColumn('started_at', 'bigint')
          .addColumn('finished_at', 'bigint')
          .addColumn('progress_at', 'bigint')
          .addColumn('progress', 'double precision')
          .addColumn('recoveries', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('round_start', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('hierarchy_tasks_pk', ['session_id', 'task_id'])
          .execute();
        await db.schema
          .createTable('hierarchy_attempts')
          .addColumn('session_id', 'text', (c) => c.notNull())
          .addColumn('attempt_id', 'text', (c) => c.notNull())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('task_id', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text', (c) => c.notNull())
          .addColumn('worker', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('result', 'jsonb')
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('finished_at', 'bigint')
          .addPrimaryKeyConstraint('hierarchy_attempts_pk', ['session_id', 'attempt_id'])
          .execute();
        await db.schema
          .createTable('hierarchy_delegations')
          .addColumn('session_id', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('hierarchy_delegations_pk', ['session_id', 'key'])
          .execute();
        await db.schema
          .createTable('hierarchy_agents')
          .addColumn('tenant_id', 'text', (c) => c.notNull())
          .addColumn('agent_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('capabilities', 'jsonb', (c) => c.notNull())
          .addColumn('specialisations', 'jsonb', (c) => c.notNull())
          .addColumn('capacity', 'integer', (c) => c.notNull())
          .addColumn('registered_at', 'bigint', (c) => c.notNull())
          .addColumn('last_heartbeat', 'bigint', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('reported_load', 'double precision', (c) => c.notNull().defaultTo(0))
          .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('average_seconds', 'double precision')
          .addPrimaryKeyConstraint('hierarchy_agents_pk', ['tenant_id', 'agent_id'])
          .execute();
      },
    },
  };

  /** The per-attempt writes, shared by the attempts that start and settle at about the same time. */
  private readonly batches = new HierarchyBatches(() => this.db);

  constructor(@Inject(SQL_DATABASE) private readonly database: SqlDatabase) {}

  private get db() {
    return this.database.db;
  }

  /** Stores a new session and its pending tasks in one transaction. */
  async insertSession(session: SessionRecord, tasks: readonly TaskRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('hierarchy_sessions')
        .values({
          session_id: session.sessionId,
          tenant_id: session.tenantId,
          workspace_id: session.workspaceId,
          request_id: session.requestId,
          mission: JSON.stringify(session.mission),
          objectives: JSON.stringify(session.objectives),
          plan: JSON.stringify(session.plan),
          limits: JSON.stringify(session.limits),
          principal: session.principal === null ? null : JSON.stringify(session.principal),
          created_at: session.createdAt,
          ...sessionMutable(session),
        })
        .execute();
      if (tasks.length === 0) return;
      // Large sessions go in slices, under the drivers' limit on bound parameters.
      for (let i = 0; i < tasks.length; i += 500)
        await trx
          .insertInto('hierarchy_tasks')
          .values(
            tasks.slice(i, i + 500).map((t) => ({
              session_id: t.sessionId,
              task_id: t.taskId,
              tenant_id: session.tenantId,
              objective_id: t.objectiveId,
              type: t.type,
              priority: t.priority,
              ...taskMutable(t),
            })),
          )
          .execute();
    });
  }

  async updateSession(session: SessionRecord): Promise<void> {
    await this.db
      .updateTable('hierarchy_sessions')
      .set(sessionMutable(session))
      .where('session_id', '=', session.sessionId)
      .execute();
  }

  async updateTask(tenantId: string, task: TaskRecord): Promise<void> {
    await this.db
      .updateTable('hierarchy_tasks')
      .set(taskMutable(task))
      .where('session_id', '=', task.sessionId)
      .where('task_id', '=', task.taskId)
      .where('tenant_id', '=', tenantId)
      .execute();
  }

  /** The session when it belongs to the tenant. */
  async session(tenantId: string, sessionId: string): Promise<SessionRecord | undefined> {
    const row = await this.db
      .selectFrom('hierarchy_sessions')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  /** The session's status when it belongs to the tenant (its row without the plan). */
  async status(tenantId: string, sessionId: string): Promise<SessionStatus | undefined> {
    const row = await this.db
      .selectFrom('hierarchy_sessions')
      .select('status')
      .where('session_id', '=', sessionId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row ? (row.status as SessionStatus) : undefined;
  }

  /** The session's tasks in plan order (insertion order is not kept by every driver: sorted by the plan). */
  async tasks(tenantId: string, sessionId: string): Promise<TaskRecord[]> {
    const rows = await this.db
      .selectFrom('hierarchy_tasks')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('tenant_id', '=', tenantId)
      .execute();
    return rows.map(toTask);
  }

  /** Some of the session's tasks, by id (a worker reads the results of the tasks an attempt depends on). */
  async tasksById(tenantId: string, sessionId: string, taskIds: readonly string[]): Promise<TaskRecord[]> {
    if (taskIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('hierarchy_tasks')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('tenant_id', '=', tenantId)
      .where('task_id', 'in', [...taskIds])
      .execute();
    return rows.map(toTask);
  }

  async view(tenantId: string, sessionId: string): Promise<SessionView | undefined> {
    const session = await this.session(tenantId, sessionId);
    if (!session) return undefined;
    const order = new Map(session.plan.tasks.map((t, i) => [t.id, i]));
    const tasks = (await this.tasks(tenantId, sessionId)).sort(
      (a, b) => (order.get(a.taskId) ?? 0) - (order.get(b.taskId) ?? 0),
    );
    return { ...session, tasks };
  }

  /** The tenant's newest sessions, optionally of one status (without their tasks). */
  async list(tenantId: string, limit: number, status?: SessionStatus): Promise<SessionRecord[]> {
    let q = this.db.selectFrom('hierarchy_sessions').selectAll().where('tenant_id', '=', tenantId);
    if (status) q = q.where('status', '=', status);
    const rows = await q.orderBy('created_at', 'desc').orderBy('session_id', 'desc').limit(limit).execute();
    return rows.map(toSession);
  }

  /** Sessions of every tenant left queued or running (boot recovery), oldest first. */
  async unfinished(): Promise<{ readonly tenantId: string; readonly sessionId: string }[]> {
    const rows = await this.db
      .selectFrom('hierarchy_sessions')
      .select(['tenant_id', 'session_id'])
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ tenantId: String(r.tenant_id), sessionId: String(r.session_id) }));
  }

  /** Counts of the tenant's sessions: active (queued or running), failed, and all. */
  async sessionCounts(tenantId: string): Promise<{ active: number; failed: number; total: number }> {
    const rows = await this.db
      .selectFrom('hierarchy_sessions')
      .select(['status', (eb) => eb.fn.countAll().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy('status')
      .execute();
    const count = (s: readonly string[]) =>
      rows.filter((r) => s.includes(String(r.status))).reduce((n, r) => n + Number(r.n), 0);
    return {
      active: count(['queued', 'running']),
      failed: count(['failed']),
      total: count([...rows.map((r) => String(r.status))]),
    };
  }

  /** Deletes finished sessions (with their tasks and attempts) finished before `before`; returns how many. */
  async purge(before: number): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const old = await trx
        .selectFrom('hierarchy_sessions')
        .select('session_id')
        .where('status', 'in', ['completed', 'failed', 'partial', 'cancelled'])
        .where('finished_at', '<', before)
        .execute();
      const ids = old.map((r) => String(r.session_id));
      if (ids.length === 0) return 0;
      await trx.deleteFrom('hierarchy_attempts').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('hierarchy_delegations').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('hierarchy_tasks').where('session_id', 'in', ids).execute();
      await trx.deleteFrom('hierarchy_sessions').where('session_id', 'in', ids).execute();
      return ids.length;
    });
  }

  /**
   * Claims an attempt: stores it as running and answers undefined, or answers the attempt already stored under
   * that id (a redelivered job, a resumed session), whose settled result is then reused instead of running again.
   */
  async claimAttempt(
    tenantId: string,
    sessionId: string,
    attempt: Omit<AttemptRecord, 'status' | 'result' | 'finishedAt'>,
  ): Promise<AttemptRecord | undefined> {
    const stored = await this.batches.claimAttempt({
      session_id: sessionId,
      attempt_id: attempt.attemptId,
      tenant_id: tenantId,
      task_id: attempt.taskId,
      agent_id: attempt.agentId,
      worker: attempt.worker,
      started_at: attempt.startedAt,
    });
    return stored ? toAttempt(stored) : undefined;
  }

  /** The attempt as stored; reads made at about the same time share one statement. */
  async attempt(tenantId: string, sessionId: string, attemptId: string): Promise<AttemptRecord | undefined> {
    const row = await this.batches.readAttempt({ session_id: sessionId, attempt_id: attemptId, tenant_id: tenantId });
    return row ? toAttempt(row) : undefined;
  }

  /**
   * Stores the task of an attempt that starts (running, its agent and attempt count) and counts the attempt as a
   * step of the session. Answers the attempt's step number and the session's status (a cancel made on another
   * instance shows there). Attempts starting at about the same time share one statement.
   */
  startAttempt(tenantId: string, task: TaskRecord): Promise<{ steps: number; status: SessionStatus | null }> {
    return this.batches.startAttempt(tenantId, task);
  }

  /**
   * Stores a settled task and adds it to the record of the agent that ran it (none when it never ran). Tasks
   * settling at about the same time share one statement.
   */
  settleTask(tenantId: string, task: TaskRecord, agent: AgentOutcome | null): Promise<void> {
    return this.batches.settleTask(tenantId, task, agent);
  }

  /** Records that a running task showed progress at `at`. */
  async touchProgress(tenantId: string, sessionId: string, taskId: string, at: number): Promise<void> {
    await this.db
      .updateTable('hierarchy_tasks')
      .set({ progress_at: at })
      .where('session_id', '=', sessionId)
      .where('task_id', '=', taskId)
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'running')
      .execute();
  }

  /**
   * Counts one more step of the session (an attempt or a delegation); answers the count so far and the session's
   * status (a cancel made on another instance shows there), in one statement.
   */
  async bumpSteps(tenantId: string, sessionId: string): Promise<{ steps: number; status: SessionStatus | null }> {
    const row = await this.db
      .updateTable('hierarchy_sessions')
      .set((eb) => ({ steps: eb('steps', '+', 1) }))
      .where('session_id', '=', sessionId)
      .where('tenant_id', '=', tenantId)
      .returning(['steps', 'status'])
      .executeTakeFirst();
    return { steps: Number(row?.steps ?? 0), status: (row?.status as SessionStatus | undefined) ?? null };
  }

  /** Counts one more sighting of a delegation in the session; answers how many times it has been seen. */
  async bumpDelegation(tenantId: string, sessionId: string, key: string): Promise<number> {
    const row = await this.db
      .insertInto('hierarchy_delegations')
      .values({ session_id: sessionId, key, tenant_id: tenantId, count: 1 })
      .onConflict((oc) =>
        oc.columns(['session_id', 'key']).doUpdateSet((eb) => ({ count: eb('hierarchy_delegations.count', '+', 1) })),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Stores an attempt's result; attempts settling at about the same time share one statement. */
  async settleAttempt(
    tenantId: string,
    sessionId: string,
    attemptId: string,
    result: StepResult<unknown>,
    at: number,
  ): Promise<void> {
    await this.batches.settleAttempt({
      session_id: sessionId,
      attempt_id: attemptId,
      tenant_id: tenantId,
      result,
      finished_at: at,
    });
  }

  async attempts(tenantId: string, sessionId: string): Promise<AttemptRecord[]> {
    const rows = await this.db
      .selectFrom('hierarchy_attempts')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('tenant_id', '=', tenantId)
      .orderBy('started_at')
      .orderBy('attempt_id')
      .execute();
    return rows.map(toAttempt);
  }
}
