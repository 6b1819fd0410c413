import { Logger } from '@nestjs/common';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import type { Interaction } from '../../../core/ports/interaction-log.port';
import type { Scheduler } from '../../../core/ports/scheduler.port';
import { ManualClock } from '../../../core/runtime/clock';
import { AnalyticsConfig } from '../analytics.config';
import { InteractionsLifecycle, RETENTION_JOB } from './interactions.lifecycle';
import { InteractionsMetrics } from './interactions.metrics';
import { InteractionsMigrations } from './interactions.migrations';
import { SqlInteractionLog } from './sql.interaction-log';

const DAY = 86_400_000;

const interaction = (over: Partial<Interaction> = {}): Interaction => ({
  tenantId: 't1',
  agent: 'analysis_cartographer',
  taskType: 'analysis',
  source: 'crew',
  runId: 'run-1',
  tools: ['S3', 'S4'],
  toolSequence: ['S3', 'S4', 'S3'],
  durationMs: 12.5,
  outcome: 'ok',
  quality: 0.75,
  error: null,
  at: 1_000,
  ...over,
});

const config = (over: Partial<AnalyticsConfig> = {}) => Object.assign(new AnalyticsConfig(), over);

describe(SqlInteractionLog.name, () => {
  let database: OpenedDatabase;
  let metrics: InteractionsMetrics;

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, new InteractionsMigrations().migrations);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await database.db.deleteFrom('agent_interactions').execute();
    metrics = new InteractionsMetrics(new MetricsRegistry('t_'));
  });

  const make = (over: Partial<AnalyticsConfig> = {}) => new SqlInteractionLog(database, config(over), metrics);

  describe('record', () => {
    it('writes the interactions recorded in one turn as one batch, in record order, with every field', async () => {
      const sut = make();
      sut.record(interaction({ agent: 'a', at: 3 }));
      sut.record(interaction({ agent: 'b', at: 3, quality: null, outcome: 'error', error: 'boom', tools: [] }));
      sut.record(interaction({ agent: 'c', at: 3, toolSequence: [] }));
      await sut.flush();
      const stored = await sut.list('t1');
      expect(sut.stats).toEqual({ batches: 1, items: 3, largestBatch: 3 });
      expect(stored.map((s) => s.agent)).toEqual(['a', 'b', 'c']);
      expect(stored[1]).toEqual({
        ...interaction({ agent: 'b', at: 3, quality: null, outcome: 'error', error: 'boom', tools: [] }),
        seq: stored[0].seq + 1,
      });
      expect(stored[2].seq).toBe(stored[0].seq + 2);
    });

    it('splits a burst into batches of `interactionBatchSize`', async () => {
      const sut = make({ interactionBatchSize: 2 });
      for (let i = 0; i < 5; i++) sut.record(interaction({ agent: `a${i}` }));
      await sut.flush();
      expect(sut.stats).toEqual({ batches: 3, items: 5, largestBatch: 2 });
      expect((await sut.list('t1')).map((s) => s.agent)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    });

    it('stores what was recorded, not what the caller changed afterwards', async () => {
      const sut = make();
      const tools = ['S1'];
      sut.record(interaction({ tools }));
      tools.push('S2');
      await sut.flush();
      expect((await sut.list('t1')).map((s) => s.tools)).toEqual([['S1']]);
    });

    it('logs a failed batch without throwing, and stores the batches after it', async () => {
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const sut = make();
        // A null tenant breaks the table's NOT NULL rule: the whole batch is refused.
        sut.record(interaction({ agent: 'lost-1' }));
        sut.record(interaction({ agent: 'lost-2', tenantId: null as unknown as string }));
        await sut.flush();
        sut.record(interaction({ agent: 'kept' }));
        await sut.flush();
        expect((await sut.list('t1')).map((s) => s.agent)).toEqual(['kept']);
        expect(error.mock.calls.map(([fields]) => fields as { event: string; interactions: number })).toEqual([
          expect.objectContaining({ event: 'interactions_batch_failed', interactions: 2 }),
        ]);
        expect(sut.stats).toEqual({ batches: 2, items: 3, largestBatch: 2 });
      } finally {
        error.mockRestore();
      }
    });

    it('drops interactions past `interactionMaxPending` waiting, and logs that once', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      try {
        const sut = make({ interactionMaxPending: 2 });
        for (let i = 0; i < 4; i++) sut.record(interaction({ agent: `a${i}` }));
        await sut.flush();
        expect((await sut.list('t1')).map((s) => s.agent)).toEqual(['a0', 'a1']);
        expect(warn.mock.calls.map(([f]) => (f as { event: string }).event)).toEqual(['interactions_dropped']);
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('list', () => {
    let sut: SqlInteractionLog;
    beforeEach(async () => {
      sut = make();
      sut.record(interaction({ agent: 'x', taskType: 'analysis', at: 30 }));
      sut.record(interaction({ agent: 'y', taskType: 'integration', at: 10 }));
      sut.record(interaction({ agent: 'x', taskType: 'integration', at: 20 }));
      sut.record(interaction({ agent: 'x', taskType: 'analysis', at: 20 }));
      sut.record(interaction({ tenantId: 't2', agent: 'z', at: 15 }));
      await sut.flush();
    });

    const view = async (q: Parameters<SqlInteractionLog['list']>[1], tenant = 't1') =>
      (await sut.list(tenant, q)).map((s) => `${s.agent}/${s.taskType}@${s.at}`);

    it('answers the tenant’s interactions oldest first (by end, then by append order)', async () => {
      expect(await view({})).toEqual(['y/integration@10', 'x/integration@20', 'x/analysis@20', 'x/analysis@30']);
    });

    it('filters by agent, task type and the [since, until) window', async () => {
      expect(await view({ agent: 'x', taskType: 'analysis' })).toEqual(['x/analysis@20', 'x/analysis@30']);
      expect(await view({ since: 20, until: 30 })).toEqual(['x/integration@20', 'x/analysis@20']);
    });

    it('answers the newest `limit`, still oldest first', async () => {
      expect(await view({ limit: 2 })).toEqual(['x/analysis@20', 'x/analysis@30']);
    });

    it('never answers another tenant’s interactions', async () => {
      expect(await view({}, 't2')).toEqual(['z/analysis@15']);
      expect(await view({}, 't3')).toEqual([]);
    });
  });

  describe('agents', () => {
    it('answers the tenant’s agents with an interaction since `since`, sorted', async () => {
      const sut = make();
      sut.record(interaction({ agent: 'verification_director', at: 50 }));
      sut.record(interaction({ agent: 'acquisition_specialist', at: 5 }));
      sut.record(interaction({ agent: 'analysis_cartographer', at: 60 }));
      sut.record(interaction({ agent: 'other-tenant', tenantId: 't2', at: 60 }));
      await sut.flush();
      expect(await sut.agents('t1')).toEqual([
        'acquisition_specialist',
        'analysis_cartographer',
        'verification_director',
      ]);
      expect(await sut.agents('t1', 50)).toEqual(['analysis_cartographer', 'verification_director']);
    });
  });
});

describe(InteractionsLifecycle.name, () => {
  let database: OpenedDatabase;

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, new InteractionsMigrations().migrations);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  it('registers the retention job, which deletes what ended before the retention period, every tenant’s', async () => {
    const jobs = new Map<string, { everyMs: number; run: () => unknown }>();
    const scheduler: Scheduler = {
      every: async (name, everyMs, handler) =>
        void jobs.set(name, { everyMs, run: () => handler(new AbortController().signal) }),
      cancel: async () => true,
      close: async () => undefined,
    };
    const clock = new ManualClock(100 * DAY);
    const cfg = config({ interactionRetentionDays: 30, interactionRetentionEveryMs: 60_000 });
    const metrics = new InteractionsMetrics(new MetricsRegistry('t_'));
    const log = new SqlInteractionLog(database, cfg, metrics);
    const sut = new InteractionsLifecycle(log, cfg, metrics, scheduler, clock);
    await sut.onApplicationBootstrap();
    log.record(interaction({ agent: 'old', at: 70 * DAY - 1 }));
    log.record(interaction({ agent: 'edge', at: 70 * DAY }));
    log.record(interaction({ agent: 'old-t2', tenantId: 't2', at: 10 * DAY }));
    log.record(interaction({ agent: 'new', at: 99 * DAY }));
    await log.flush();

    expect([...jobs.keys()]).toEqual([RETENTION_JOB]);
    expect(jobs.get(RETENTION_JOB)!.everyMs).toBe(60_000);
    expect(await jobs.get(RETENTION_JOB)!.run()).toBe(2);
    expect((await log.list('t1')).map((s) => s.agent)).toEqual(['edge', 'new']);
    expect(await log.list('t2')).toEqual([]);
    clock.advance(DAY);
    expect(await sut.retain()).toBe(1);
    expect((await log.list('t1')).map((s) => s.agent)).toEqual(['new']);
  });

  it('writes what is still queued at shutdown', async () => {
    const cfg = config();
    const metrics = new InteractionsMetrics(new MetricsRegistry('t_'));
    const log = new SqlInteractionLog(database, cfg, metrics);
    const sut = new InteractionsLifecycle(log, cfg, metrics, {} as Scheduler, new ManualClock(0));
    log.record(interaction({ tenantId: 'shutdown', agent: 'queued' }));
    await sut.beforeApplicationShutdown();
    expect((await log.list('shutdown')).map((s) => s.agent)).toEqual(['queued']);
  });
});
