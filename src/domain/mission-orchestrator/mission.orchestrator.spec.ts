import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Migrator } from 'kysely';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { stageLibrary } from '../../../test/fixtures/stage-deps';
import { testConfig } from '../../../test/fixtures/test-config';
import { openTestDatabase } from '../../../test/fixtures/test-database';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import { InProcessJobQueue } from '../../core/queue/in-process.job-queue';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { DisabledLlm } from '../crew/ports/llm.port';
import { RecordingProgress } from '../crew/progress/recording-progress';
import { RunAdmission } from '../crew/run-support/run-admission';
import { RunLimiter } from '../crew/run-support/run-limiter';
import type { MissionInput } from './mission.dto';
import { MissionMetrics } from './mission.metrics';
import { MissionOrchestrator } from './mission.orchestrator';
import { MissionRepository } from './mission.repository';
import { MissionService } from './mission.service';
import type { MissionRecord } from './mission.types';
import { newMissionRecord } from './mission-record';
import { planMission, type MissionPlan } from './planning/mission-plan';

const T0 = Date.UTC(2026, 11, 1);
const URL = 'https://example.org/talk';

describe(MissionOrchestrator.name, () => {
  let database: OpenedDatabase;
  let repository: MissionRepository;
  /** Every queue started, closed after each test. */
  const queues: InProcessJobQueue[] = [];
  let service: MissionService;
  let sut: MissionOrchestrator;
  let registry: MetricsRegistry;
  let library: ReturnType<typeof stageLibrary>;
  const events: string[] = [];
  const ctx = (tenantId = 'acme') => OrchestrationContext.create({ tenantId, workspaceId: 'news', requestId: 'r-1' });

  beforeAll(async () => {
    // Run outcomes are asserted through the records; keep the output clean (jest isolates modules per file).
    Logger.overrideLogger(false);
    database = await openTestDatabase();
    repository = new MissionRepository(database);
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...repository.migrations }) },
      migrationTableName: 'mission_migrations',
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  /** A fresh service over the shared database; `boot` runs its bootstrap (the queue handler and the recovery). */
  async function start(o: { boot?: boolean; resumeOnBoot?: boolean } = {}): Promise<void> {
    const clock = new ManualClock(T0);
    const config = testConfig({ mission: { resumeOnBoot: o.resumeOnBoot ?? true } });
    const ids = sequentialIds(`m${Math.random().toString(36).slice(2, 6)}`);
    registry = new MetricsRegistry('');
    library = stageLibrary(clock);
    const queue = new InProcessJobQueue(clock, ids);
    queues.push(queue);
    const emitter = new EventEmitter2({ wildcard: true, delimiter: '.' });
    emitter.onAny((event) => events.push(String(event)));
    service = new MissionService(
      config,
      repository,
      new MissionMetrics(registry),
      emitter,
      new RunAdmission(new RunLimiter({ concurrency: 2, maxRunningPerTenant: 2 }), 60_000),
      queue,
      library.factory,
      new DisabledLlm(),
      clock,
      ids,
      // The pipeline runs only: no facade call is made, and no other orchestrator is there.
      { describe: () => undefined } as unknown as OrchestrationFacade,
      {} as ModuleRef,
    );
    sut = new MissionOrchestrator(service, config);
    if (o.boot ?? true) await service.onApplicationBootstrap();
  }

  afterEach(async () => {
    for (const queue of queues.splice(0)) await queue.close();
    events.length = 0;
  });

  const waitSettled = async (tenantId: string, missionId: string) =>
    (await service.waitFor(tenantId, missionId, 30_000))!;

  describe('validation', () => {
    beforeEach(() => start());

    it.each([
      [{ operation: 'plan' }, 'url is required for plan'],
      [
        { operation: 'plan', url: URL, missionId: 'x' },
        'plan takes url and depth only (plan, missionId, mode are not its fields)',
      ],
      [{ operation: 'run' }, 'run takes either plan or url (with depth), not both and not neither'],
      [{ url: URL, plan: {} }, 'run takes either plan or url (with depth), not both and not neither'],
      [{ plan: {}, missionId: 'x' }, 'missionId goes with url; a plan carries its own id'],
      [{ operation: 'resume' }, 'missionId is required for resume'],
      [{ operation: 'get' }, 'missionId is required for get'],
    ])('refuses %j naming the field', async (input, error) => {
      expect(await sut.orchestrate(ctx(), input as MissionInput)).toEqual({
        status: 'error',
        error,
        category: 'validation',
        retryable: false,
      });
    });

    it('refuses a supplied plan beyond its depth, naming each field', async () => {
      const plan = planMission({ url: URL, depth: 'standard' }, 'p-1');
      const result = await sut.orchestrate(ctx(), {
        plan: { ...plan, budget: { ...plan.budget, costUsd: 2 }, roster: [] },
      });
      expect(result).toMatchObject({
        status: 'error',
        category: 'validation',
        error: 'plan.roster: Too small: expected array to have >=1 items',
      });
      const greedy = await sut.orchestrate(ctx(), { plan: { ...plan, budget: { ...plan.budget, costUsd: 2 } } });
      expect(greedy).toMatchObject({ error: 'plan.budget.costUsd: 2 is over the standard limit 1' });
      expect(await sut.orchestrate(ctx(), { operation: 'get', missionId: 'nope' })).toMatchObject({
        status: 'error',
        category: 'not_found',
        error: 'No mission "nope" for tenant acme',
      });
    });
  });

  describe('run, get and list', () => {
    beforeEach(() => start());

    it('plans from a URL with the default depth, runs it in the background and reads it back', async () => {
      const started = await sut.orchestrate(ctx(), { url: ` ${URL} ` });
      expect(started).toMatchObject({ status: 'ok', data: { status: 'queued', url: URL, depth: 'standard' } });
      const id = (started as { data: MissionRecord }).data.missionId;
      const done = await waitSettled('acme', id);
      expect([done.status, done.stages.length, done.plan.decisionsLog[0]]).toEqual([
        'completed',
        8,
        'planned by the rules: no LLM is configured',
      ]);
      expect(await sut.orchestrate(ctx(), { operation: 'get', missionId: id })).toEqual({ status: 'ok', data: done });
      expect(await sut.orchestrate(ctx('globex'), { operation: 'get', missionId: id })).toMatchObject({
        category: 'not_found',
      });
      const listed = await sut.orchestrate(ctx(), { operation: 'list', status: 'completed', limit: 1 });
      expect(listed).toMatchObject({ status: 'ok', data: { missions: [{ missionId: id, status: 'completed' }] } });
      expect(events.filter((e) => !e.startsWith('mission.stage'))).toEqual([
        'mission.planned',
        'mission.started',
        'mission.completed',
      ]);
      const metrics = await registry.metrics();
      expect(metrics).toContain('mission_runs_total{status="completed"} 1');
      expect(metrics).toContain('mission_plans_total{depth="standard",planner="rules"} 1');
      expect(metrics).toContain('mission_budget_spent_sum{resource="tool_calls"} 8');
    });

    it('starts a mission under the id the caller gives once: a second start plans nothing and is a conflict', async () => {
      const started = await sut.orchestrate(ctx(), { url: URL, missionId: 'task-mission.abc' });
      expect(started).toMatchObject({ status: 'ok', data: { missionId: 'task-mission.abc', status: 'queued' } });
      await waitSettled('acme', 'task-mission.abc');
      expect(await sut.orchestrate(ctx(), { url: URL, missionId: 'task-mission.abc' })).toEqual({
        status: 'error',
        category: 'conflict',
        error: 'mission task-mission.abc already exists: a plan runs once; plan again for a new mission',
        retryable: false,
      });
      expect(events.filter((e) => e === 'mission.planned')).toHaveLength(1);
      // The same id in another tenant is another mission.
      expect(await sut.orchestrate(ctx('globex'), { url: URL, missionId: 'task-mission.abc' })).toMatchObject({
        status: 'ok',
      });
    });

    it('runs a supplied plan once, delivering to the in-process progress port', async () => {
      const plan: MissionPlan = planMission({ url: URL, depth: 'deep' }, 'supplied-1');
      const progress = new RecordingProgress();
      const started = await sut.orchestrate(ctx(), { operation: 'run', plan: { ...plan } }, { progress });
      expect(started).toMatchObject({ status: 'ok', data: { missionId: 'supplied-1', planningCostUsd: 0 } });
      const done = await waitSettled('acme', 'supplied-1');
      expect([done.status, progress.texts.length, done.messages]).toEqual(['completed', 2, progress.texts]);
      expect(await sut.orchestrate(ctx(), { plan: { ...plan } })).toMatchObject({
        status: 'error',
        category: 'conflict',
        error: 'mission supplied-1 already exists: a plan runs once; plan again for a new mission',
      });
    });
  });

  describe('resume', () => {
    /** A stored mission of `status` with its planning stage checkpointed, for the service to find. */
    async function stored(missionId: string, status: MissionRecord['status']) {
      const record = newMissionRecord(planMission({ url: URL, depth: 'standard' }, missionId), {
        tenantId: 'acme',
        workspaceId: 'news',
        requestId: 'r-0',
        createdAt: T0,
        planningCostUsd: 0,
      });
      await repository.insert(record);
      await repository.save({
        ...record,
        status,
        attempts: 1,
        ledger: { costUsd: 0, toolCalls: 0, iterations: 1, seconds: 0 },
        messages: ['announced before'],
        stages: [
          {
            id: 'mission_planning',
            status: 'completed',
            result: { status: 'ok', data: {} },
            spent: {},
            startedAt: T0,
            finishedAt: T0,
          },
        ],
      });
    }

    it('queues an interrupted mission again and finishes it without repeating its planning stage', async () => {
      await start();
      await stored('int-1', 'interrupted');
      expect(await sut.orchestrate(ctx(), { operation: 'resume', missionId: 'int-1' })).toMatchObject({
        status: 'ok',
        data: { status: 'queued' },
      });
      const done = await waitSettled('acme', 'int-1');
      expect([done.status, done.attempts, done.messages, done.stages[0].startedAt]).toEqual([
        'completed',
        2,
        ['announced before'],
        T0,
      ]);
      expect(library.pipelineCalls).toHaveLength(1);
    });

    it('refuses a completed mission, one its budget stopped, an unknown one and one already queued', async () => {
      await start({ boot: false });
      await stored('done-1', 'completed');
      await stored('broke-1', 'budget_exceeded');
      await stored('queued-1', 'interrupted');
      const resume = (missionId: string, tenant = 'acme') =>
        sut.orchestrate(ctx(tenant), { operation: 'resume', missionId });
      expect(await resume('done-1')).toMatchObject({
        category: 'conflict',
        error: 'mission done-1 is completed: nothing to resume',
      });
      expect(await resume('broke-1')).toMatchObject({ category: 'budget_exceeded' });
      expect(await resume('done-1', 'globex')).toMatchObject({ category: 'not_found' });
      // Without a running queue handler the first resume stays queued; the second finds its job waiting.
      expect(await resume('queued-1')).toMatchObject({ status: 'ok', data: { status: 'queued' } });
      expect(await resume('queued-1')).toMatchObject({
        category: 'conflict',
        error: 'mission queued-1 is queued: its run is already queued or running',
      });
    });

    it('resumes the queued, running and interrupted missions at boot, and leaves failed ones', async () => {
      await start({ boot: false });
      await stored('boot-run', 'running');
      await stored('boot-int', 'interrupted');
      await stored('boot-fail', 'failed');
      await start({ boot: true });
      for (const id of ['boot-run', 'boot-int', 'queued-1'])
        expect([id, (await waitSettled('acme', id)).status]).toEqual([id, 'completed']);
      expect((await repository.get('acme', 'boot-fail'))?.status).toBe('failed');
    });

    it('does not resume at boot when mission.resumeOnBoot is off', async () => {
      await start({ boot: false });
      await stored('off-1', 'running');
      await start({ boot: true, resumeOnBoot: false });
      expect((await repository.get('acme', 'off-1'))?.status).toBe('running');
    });
  });
});
