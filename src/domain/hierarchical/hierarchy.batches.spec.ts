import { Migrator } from 'kysely';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import { fail, ok } from '../../core/result/step-result';
import { AgentRepository } from './agent.repository';
import type { SessionRecord, TaskRecord } from './hierarchy.records';
import { HierarchyRepository } from './hierarchy.repository';
import type { Objective } from './planning/hierarchy.types';
import { planSession } from './planning/strategic-plan';

const objective = (id: string): Objective => ({
  id,
  title: id,
  priority: 5,
  dependencies: [],
  type: 'noop',
  estimatedSeconds: 1,
  successCriteria: [],
  input: {},
});

function stored(sessionId: string, ids: readonly string[]) {
  const plan = planSession(sessionId, ids.map(objective));
  const session: SessionRecord = {
    sessionId,
    tenantId: 't1',
    workspaceId: 'w1',
    requestId: 'r1',
    mission: { name: 'm', context: {} },
    objectives: ids.map(objective),
    plan,
    limits: { maxParallel: 4, maxRetries: 0, retryDelayMs: 0, taskTimeoutMs: 1000, maxSteps: 10, maxSessionMs: 1000 },
    principal: null,
    status: 'running',
    createdAt: 1,
    startedAt: 1,
    finishedAt: null,
    steps: 0,
    starts: 1,
    coordinator: null,
    error: null,
    synthesis: null,
  };
  const tasks = plan.tasks.map((t): TaskRecord => ({
    sessionId,
    taskId: t.id,
    objectiveId: t.objectiveId,
    type: t.type,
    priority: t.priority,
    status: 'pending',
    agentId: null,
    attempts: 0,
    result: null,
    reason: null,
    startedAt: null,
    finishedAt: null,
    progressAt: null,
    progress: null,
    recoveries: 0,
    roundStart: 0,
  }));
  return { session, tasks };
}

describe('HierarchyRepository batched writes', () => {
  let database: OpenedDatabase;
  let sut: HierarchyRepository;
  let agents: AgentRepository;

  beforeAll(async () => {
    database = await openTestDatabase();
    sut = new HierarchyRepository(database);
    agents = new AgentRepository(database);
    const { error } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...sut.migrations }) },
      migrationTableName: 'hierarchy_spec_migrations',
    }).migrateToLatest();
    expect(error).toBeUndefined();
  });

  afterAll(() => database.close());

  describe('startAttempt', () => {
    it('stores concurrent starts as running and numbers their steps in submission order', async () => {
      const { session, tasks } = stored('s-start', ['a', 'b', 'c']);
      await sut.insertSession(session, tasks);
      tasks.forEach((t, i) => Object.assign(t, { status: 'running', agentId: 'ag', attempts: 1, startedAt: 10 + i }));
      const answers = await Promise.all(tasks.map((t) => sut.startAttempt('t1', t)));
      expect(answers).toEqual([1, 2, 3].map((steps) => ({ steps, status: 'running' })));
      expect((await sut.session('t1', 's-start'))!.steps).toBe(3);
      const rows = await sut.tasks('t1', 's-start');
      expect(rows.map((t) => [t.taskId, t.status, t.agentId, t.attempts, t.startedAt]).sort()).toEqual([
        ['s-start_a', 'running', 'ag', 1, 10],
        ['s-start_b', 'running', 'ag', 1, 11],
        ['s-start_c', 'running', 'ag', 1, 12],
      ]);
    });

    it('answers no status for another tenant’s session and counts nothing there', async () => {
      const { tasks } = stored('s-start', ['a']);
      expect(await sut.startAttempt('t2', tasks[0])).toEqual({ steps: 0, status: null });
      expect((await sut.session('t1', 's-start'))!.steps).toBe(3);
    });
  });

  describe('claimAttempt', () => {
    it('claims each new id once: a second claim of an id, in the same batch or later, answers the stored attempt', async () => {
      const claim = (attemptId: string, worker: string) =>
        sut.claimAttempt('t1', 's-claim', { attemptId, taskId: 'x', agentId: 'ag', worker, startedAt: 5 });
      const [first, second, twice] = await Promise.all([claim('x#1', 'w1'), claim('x#2', 'w1'), claim('x#1', 'w2')]);
      expect([first, second]).toEqual([undefined, undefined]);
      expect(twice).toEqual({
        attemptId: 'x#1',
        taskId: 'x',
        agentId: 'ag',
        worker: 'w1',
        status: 'running',
        result: null,
        startedAt: 5,
        finishedAt: null,
      });
      await Promise.all([
        sut.settleAttempt('t1', 's-claim', 'x#1', ok({ n: 1 }), 7),
        sut.settleAttempt('t1', 's-claim', 'x#2', fail('processing', 'no'), 8),
      ]);
      const again = await claim('x#1', 'w3');
      expect([again?.status, again?.result, again?.finishedAt]).toEqual(['settled', ok({ n: 1 }), 7]);
      expect((await sut.attempts('t1', 's-claim')).map((a) => [a.attemptId, a.status, a.result?.status])).toEqual([
        ['x#1', 'settled', 'ok'],
        ['x#2', 'settled', 'error'],
      ]);
    });
  });

  describe('settleTask', () => {
    it('stores settled tasks and adds them to their agents’ records, the mean over the timed ones', async () => {
      const record = { role: 'specialist_agent', capabilities: ['noop'], specialisations: [], capacity: 1 };
      const base = { tenantId: 't1', registeredAt: 1, lastHeartbeat: 1, status: 'active' as const, reportedLoad: 0 };
      await agents.upsert({ ...base, ...record, agentId: 'a1', completed: 2, failed: 0, averageSeconds: 1 });
      await agents.upsert({ ...base, ...record, agentId: 'a2', completed: 0, failed: 0, averageSeconds: null });
      const { session, tasks } = stored('s-settle', ['a', 'b', 'c', 'd']);
      await sut.insertSession(session, tasks);
      tasks.forEach((t) => Object.assign(t, { status: 'completed', attempts: 1, result: ok(t.taskId), finishedAt: 9 }));
      Object.assign(tasks[3], { status: 'skipped', attempts: 0, result: null, reason: 'cancelled' });
      await Promise.all([
        sut.settleTask('t1', tasks[0], { agentId: 'a1', completed: true, seconds: 4 }),
        sut.settleTask('t1', tasks[1], { agentId: 'a1', completed: false, seconds: 2 }),
        sut.settleTask('t1', tasks[2], { agentId: 'a2', completed: true, seconds: 3 }),
        sut.settleTask('t1', tasks[3], null),
      ]);
      const [a1, a2] = await agents.list('t1');
      expect([a1.completed, a1.failed, a1.averageSeconds, a2.completed, a2.failed, a2.averageSeconds]).toEqual([
        3, 1,
        // (1 × 2 + 4) / 3
        2, 1, 0, 3,
      ]);
      const rows = await sut.tasks('t1', 's-settle');
      expect(rows.map((t) => [t.taskId, t.status, t.result, t.reason]).sort()).toEqual([
        ['s-settle_a', 'completed', ok('s-settle_a'), null],
        ['s-settle_b', 'completed', ok('s-settle_b'), null],
        ['s-settle_c', 'completed', ok('s-settle_c'), null],
        ['s-settle_d', 'skipped', null, 'cancelled'],
      ]);
    });
  });
});
