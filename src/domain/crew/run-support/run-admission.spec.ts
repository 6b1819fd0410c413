import { OrchestrationContext } from '../../../core/context/orchestration-context';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { RunAdmission } from './run-admission';
import { RunLimiter, type RunSlot } from './run-limiter';

const ctx = (tenantId = 'acme', signal?: AbortSignal) =>
  OrchestrationContext.create({ tenantId, requestId: 'r1', ...(signal ? { signal } : {}) });

/** Work that ends when its run's signal aborts, failing the way a content source does. */
const untilAborted = (seen: OrchestrationContext[]) => (run: OrchestrationContext) =>
  new Promise<StepResult<string>>((resolve) => {
    seen.push(run);
    run.signal.addEventListener('abort', () => resolve(fail('processing', 'GET https://example.org: aborted')));
  });

describe(RunAdmission.name, () => {
  afterEach(() => jest.useRealTimers());

  describe('run', () => {
    it('runs the work holding a slot of its tenant, and gives it back after', async () => {
      const limiter = new RunLimiter({ concurrency: 2, maxRunningPerTenant: 2 });
      const sut = new RunAdmission(limiter, 60_000);
      const during: number[] = [];
      const result = await sut.run(ctx(), undefined, async (run) => {
        during.push(limiter.runningOf('acme'));
        return ok(run.tenantId);
      });
      expect([result, during, limiter.stats()]).toEqual([ok('acme'), [1], { running: 0, waiting: 0 }]);
    });

    it('is refused at once as unavailable (503) when every slot is taken, without running the work', async () => {
      const limiter = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const sut = new RunAdmission(limiter, 60_000);
      limiter.tryAcquire('globex');
      const work = jest.fn();
      expect(await sut.run(ctx(), undefined, work)).toEqual({
        status: 'error',
        error:
          'all 1 run slots are taken (autointel.concurrency); try again later, or queue the run with POST /autointel',
        category: 'unavailable',
        retryable: true,
      });
      expect(work).not.toHaveBeenCalled();
    });

    it('is refused as rate_limited (429) when its tenant holds all the slots it may', async () => {
      const limiter = new RunLimiter({ concurrency: 4, maxRunningPerTenant: 2 });
      const sut = new RunAdmission(limiter, 60_000);
      limiter.tryAcquire('acme');
      limiter.tryAcquire('acme');
      expect(await sut.run(ctx('acme'), undefined, async () => ok(1))).toEqual({
        status: 'error',
        error:
          'tenant acme already has 2 runs running (autointel.maxRunningPerTenant); try again later, or queue the run with POST /autointel',
        category: 'rate_limited',
        retryable: true,
      });
      expect(await sut.run(ctx('globex'), undefined, async () => ok(2))).toEqual(ok(2));
    });

    it('runs with a slot the caller holds, even with no slot free, and leaves it to the caller', async () => {
      const limiter = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const sut = new RunAdmission(limiter, 60_000);
      const held = limiter.tryAcquire('acme') as RunSlot;
      expect(await sut.run(ctx(), held, async () => ok('ran'))).toEqual(ok('ran'));
      expect(limiter.stats()).toEqual({ running: 1, waiting: 0 });
    });

    it('aborts the run at the deadline and turns the failure it returns into a timeout (504)', async () => {
      jest.useFakeTimers();
      const limiter = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const sut = new RunAdmission(limiter, 5_000);
      const seen: OrchestrationContext[] = [];
      const pending = sut.run(ctx(), undefined, untilAborted(seen));
      await jest.advanceTimersByTimeAsync(4_999);
      expect([seen.length, seen[0].signal.aborted, seen[0].requestId]).toEqual([1, false, 'r1']);
      await jest.advanceTimersByTimeAsync(1);
      expect(await pending).toEqual({
        status: 'error',
        error: 'the run was stopped after autointel.runTimeoutMs (5000 ms): GET https://example.org: aborted',
        category: 'timeout',
        retryable: true,
      });
      expect(limiter.stats()).toEqual({ running: 0, waiting: 0 });
    });

    it("leaves a failure alone when the caller's own signal stopped the run (a shutdown), and clears the timer", async () => {
      jest.useFakeTimers();
      const sut = new RunAdmission(new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 }), 5_000);
      const shutdown = new AbortController();
      const seen: OrchestrationContext[] = [];
      const pending = sut.run(ctx('acme', shutdown.signal), undefined, untilAborted(seen));
      await jest.advanceTimersByTimeAsync(0);
      shutdown.abort(new Error('shutdown'));
      expect(await pending).toEqual(fail('processing', 'GET https://example.org: aborted'));
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
