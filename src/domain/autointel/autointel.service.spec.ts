import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { testConfig } from '../../../test/fixtures/test-config';
import { applyContentMigrations, openTestDatabase } from '../../../test/fixtures/test-database';
import type { AppConfig } from '../../core/config/app-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import type { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import type { OpenedDatabase } from '../../core/persistence/sql-database.factory';
import type { Scheduler } from '../../core/ports/scheduler.port';
import { InProcessJobQueue } from '../../core/queue/in-process.job-queue';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import { sequentialIds } from '../../core/runtime/id-generator';
import { RunAdmission, RunLimiter, type RunInProcessOptions } from '../crew';
import { AutointelRepository } from './autointel.repository';
import { AutointelService, type StartRun } from './autointel.service';
import type { RunRecord } from './autointel.types';

/** One call of the modes' orchestrators: what it was given, and how to end it. */
interface Call {
  readonly workflowId: string | undefined;
  readonly tenantId: string;
  readonly input: Record<string, unknown>;
  readonly inProcess: RunInProcessOptions;
  finish(result: StepResult): void;
}

/** The facade as the job sees it: each run goes on until the test finishes it or the run's signal aborts. */
function fakeFacade() {
  const calls: Call[] = [];
  const facade = {
    orchestrate: (_name: string, ctx: OrchestrationContext, input: Record<string, unknown>, inProcess = {}) =>
      new Promise<StepResult>((resolve) => {
        const options = inProcess as RunInProcessOptions;
        calls.push({
          workflowId: options.workflowId,
          tenantId: ctx.tenantId,
          input,
          inProcess: options,
          finish: resolve,
        });
        ctx.signal.addEventListener('abort', () => resolve(fail('processing', 'aborted')));
      }),
  };
  return { calls, facade: facade as unknown as OrchestrationFacade };
}

const scheduler: Scheduler = { every: async () => undefined, cancel: async () => true, close: async () => undefined };
const request = (tenantId = 'acme'): StartRun => ({
  url: 'https://example.org/a',
  depth: 'standard',
  mode: 'fallback',
  tenantId,
  workspaceId: 'default',
});
const report = ok({ report: '# done' });
const origin = (tenantId: string) => OrchestrationContext.create({ tenantId, requestId: 'req-1' }, sequentialIds('o'));

/** Until `check` holds, polling the event loop. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met');
}

describe(AutointelService.name, () => {
  let database: OpenedDatabase;
  let runs: AutointelRepository;
  let boots = 0;

  beforeEach(async () => {
    database = await openTestDatabase();
    runs = new AutointelRepository(database);
    await applyContentMigrations(database, runs.migrations);
  }, BOOT_TIMEOUT_MS);
  afterEach(() => database?.close(), BOOT_TIMEOUT_MS);

  /** One process of the service over the shared database: its own queue and run limiter, as after a restart. */
  async function boot(config: AppConfig, facade: OrchestrationFacade) {
    const clock = new ManualClock(1_000);
    const queue = new InProcessJobQueue(clock, sequentialIds('job'), { closeTimeoutMs: 1000 });
    const { concurrency, maxRunningPerTenant, runTimeoutMs } = config.autointel;
    const limiter = new RunLimiter({ concurrency, maxRunningPerTenant: maxRunningPerTenant ?? concurrency });
    const sut = new AutointelService(
      config,
      runs,
      facade,
      queue,
      scheduler,
      clock,
      sequentialIds(`boot${++boots}-`),
      null,
      () => [],
      new RunAdmission(limiter, runTimeoutMs),
    );
    await sut.onApplicationBootstrap();
    const start = async (r: StartRun = request()) => {
      const started = await sut.start(r, origin(r.tenantId));
      if (started.status !== 'ok') throw new Error(started.error);
      return started.data;
    };
    const stop = async () => {
      await queue.close();
      await sut.onApplicationShutdown();
    };
    return { sut, start, stop, limiter };
  }

  const get = async (run: RunRecord) => (await runs.get(run.tenantId, run.workflowId))!;

  describe('restarts', () => {
    it('fails a run started autointel.maxStarts times without finishing, with the reason, instead of starting it again', async () => {
      const config = testConfig({ autointel: { maxStarts: 3 } });
      const { calls, facade } = fakeFacade();
      let process = await boot(config, facade);
      const run = await process.start();
      for (const attempt of [1, 2, 3]) {
        await until(() => calls.length === attempt);
        expect([(await get(run)).status, (await get(run)).attempts]).toEqual(['running', attempt]);
        await process.stop(); // the process ends mid-run: the run stays unfinished in the database
        process = await boot(config, facade); // and is queued again at boot
      }
      await until(async () => (await get(run)).status === 'failed');
      const failed = await get(run);
      expect([failed.status, failed.attempts, failed.error, calls.length]).toEqual([
        'failed',
        3,
        { message: 'gave up after 3 starts: the run never finished (autointel.maxStarts)', category: 'internal' },
        3,
      ]);
      await process.stop();
    });

    it('finishes a run on its last allowed start after a restart', async () => {
      const config = testConfig({ autointel: { maxStarts: 2 } });
      const { calls, facade } = fakeFacade();
      let process = await boot(config, facade);
      const run = await process.start();
      await until(() => calls.length === 1);
      await process.stop();
      process = await boot(config, facade);
      await until(() => calls.length === 2);
      calls[1].finish(report);
      await until(async () => (await get(run)).status === 'completed');
      expect([(await get(run)).attempts, (await get(run)).error]).toEqual([2, null]);
      await process.stop();
    });
  });

  describe('admission', () => {
    it('refuses a new run while autointel.maxQueued runs wait to start, and drops none it accepted', async () => {
      const config = testConfig({ autointel: { concurrency: 1, maxQueued: 2 } });
      const { calls, facade } = fakeFacade();
      const process = await boot(config, facade);
      const first = await process.start();
      await until(() => calls.length === 1);
      const waiting = [await process.start(), await process.start()];
      expect(await process.sut.start(request(), origin('acme'))).toEqual({
        status: 'error',
        error: 'the run queue is full: 2 waiting to start, autointel.maxQueued is 2; try again later',
        category: 'unavailable',
        retryable: true,
      });
      expect((await Promise.all(waiting.map(get))).map((r) => r.status)).toEqual(['queued', 'queued']);
      for (let i = 0; i < 3; i++) {
        await until(() => calls.length === i + 1);
        calls[i].finish(report);
      }
      for (const run of [first, ...waiting]) await until(async () => (await get(run)).status === 'completed');
      expect(calls.map((c) => c.workflowId)).toEqual([first, ...waiting].map((r) => r.workflowId));
      await process.stop();
    });

    it("holds a tenant's run while it runs autointel.maxRunningPerTenant, without holding up another tenant's", async () => {
      const config = testConfig({ autointel: { concurrency: 2, maxRunningPerTenant: 1 } });
      const { calls, facade } = fakeFacade();
      const process = await boot(config, facade);
      const a1 = await process.start(request('acme'));
      await until(() => calls.length === 1);
      const a2 = await process.start(request('acme'));
      const g1 = await process.start(request('globex'));
      await until(() => calls.length === 2);
      expect([calls.map((c) => c.workflowId), (await get(a2)).status]).toEqual([
        [a1.workflowId, g1.workflowId],
        'queued',
      ]);
      calls[0].finish(report);
      await until(() => calls.length === 3);
      expect([calls[2].workflowId, process.limiter.runningOf('acme')]).toEqual([a2.workflowId, 1]);
      calls[1].finish(report);
      calls[2].finish(report);
      await until(async () => (await get(a2)).status === 'completed');
      await process.stop();
    });

    it('runs the mode with { url, depth } as input and its capabilities, the held slot among them, as in-process options', async () => {
      const { calls, facade } = fakeFacade();
      const process = await boot(testConfig(), facade);
      const run = await process.start();
      await until(() => calls.length === 1);
      const [call] = calls;
      expect([
        call.input,
        Object.keys(call.inProcess).sort(),
        call.inProcess.workflowId,
        call.inProcess.slot?.tenantId,
      ]).toEqual([
        { url: 'https://example.org/a', depth: 'standard' },
        ['progress', 'slot', 'workflowId'],
        run.workflowId,
        'acme',
      ]);
      call.finish(report);
      await until(async () => (await get(run)).status === 'completed');
      expect(process.limiter.stats()).toEqual({ running: 0, waiting: 0 });
      await process.stop();
    });
  });
});
