import type { TestingModule } from '@nestjs/testing';
import { BOOT_TIMEOUT_MS } from '../../../test/fixtures/boot';
import { createCoreTestingModule } from '../../../test/fixtures/core-testing';
import { BackgroundJobs } from './background-jobs';

describe(BackgroundJobs.name, () => {
  let moduleRef: TestingModule;
  let sut: BackgroundJobs;

  beforeEach(async () => {
    jest.useFakeTimers();
    moduleRef = await createCoreTestingModule({ config: { kernel: { shutdownTimeoutMs: 500 } } });
    sut = moduleRef.get(BackgroundJobs);
  }, BOOT_TIMEOUT_MS);

  afterEach(async () => {
    const closing = moduleRef?.close();
    await jest.advanceTimersByTimeAsync(1000);
    await closing;
    jest.useRealTimers();
  }, BOOT_TIMEOUT_MS);

  describe('register', () => {
    it('runs a tick every interval', async () => {
      const ticks: number[] = [];
      sut.register('count', { everyMs: 1000 }, () => ticks.push(ticks.length));
      await jest.advanceTimersByTimeAsync(3500);
      expect(ticks).toEqual([0, 1, 2]);
      expect(sut.list()[0]).toMatchObject({ name: 'count', runs: 3, failures: 0, running: false });
    });

    it('never overlaps a tick with itself', async () => {
      let active = 0;
      let maxActive = 0;
      sut.register('slow', { everyMs: 100 }, async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 250));
        active--;
      });
      await jest.advanceTimersByTimeAsync(1000);
      expect(maxActive).toBe(1);
      const [status] = sut.list();
      expect(status.runs).toBe(4);
      expect(status.overlapsSkipped).toBe(6);
    });

    it('logs a failing tick and keeps the job alive', async () => {
      let n = 0;
      sut.register('flaky', { everyMs: 100 }, () => {
        n++;
        if (n === 1) throw new Error('first tick fails');
      });
      await jest.advanceTimersByTimeAsync(300);
      expect(n).toBe(3);
      expect(sut.list()[0]).toMatchObject({ runs: 3, failures: 1, lastError: 'first tick fails' });
    });

    it('rejects duplicate names and bad intervals', () => {
      sut.register('a', { everyMs: 10 }, () => undefined);
      expect(() => sut.register('a', { everyMs: 10 }, () => undefined)).toThrow(
        'A job named "a" is already registered',
      );
      expect(() => sut.register('b', { everyMs: 0 }, () => undefined)).toThrow(
        'Job "b": everyMs must be an integer ≥ 1',
      );
    });
  });

  describe('shutdown', () => {
    it('stops every job on app.close(): no tick runs afterwards', async () => {
      let ticks = 0;
      sut.register('tick', { everyMs: 100 }, () => void ticks++);
      await jest.advanceTimersByTimeAsync(250);
      expect(ticks).toBe(2);
      await moduleRef.close();
      await jest.advanceTimersByTimeAsync(1000);
      expect(ticks).toBe(2);
      expect(sut.list()).toEqual([]);
      expect(() => sut.register('late', { everyMs: 10 }, () => undefined)).toThrow('the application is shutting down');
    });

    it('aborts the signal and waits for a running tick to finish', async () => {
      let finished = false;
      let aborted = false;
      sut.register('long', { everyMs: 100 }, async (signal) => {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => setTimeout(resolve, 50)));
        aborted = signal.aborted;
        finished = true;
      });
      await jest.advanceTimersByTimeAsync(100);
      const closing = moduleRef.close();
      await jest.advanceTimersByTimeAsync(60);
      await closing;
      expect([aborted, finished]).toEqual([true, true]);
    });

    it('gives up on a tick that outlives kernel.shutdownTimeoutMs', async () => {
      let finished = false;
      sut.register(
        'stuck',
        { everyMs: 100 },
        () => new Promise<void>((r) => setTimeout(() => ((finished = true), r()), 10_000)),
      );
      await jest.advanceTimersByTimeAsync(100);
      let closed = false;
      const closing = moduleRef.close().then(() => (closed = true));
      await jest.advanceTimersByTimeAsync(499);
      expect(closed).toBe(false);
      await jest.advanceTimersByTimeAsync(2);
      await closing;
      expect([closed, finished]).toEqual([true, false]);
    });
  });

  describe('stop and runNow', () => {
    it('stops one job and runs another on demand', async () => {
      let a = 0;
      let b = 0;
      sut.register('a', { everyMs: 100 }, () => void a++);
      sut.register('b', { everyMs: 100_000 }, () => void b++);
      expect(await sut.stop('a')).toBe(true);
      expect(await sut.stop('a')).toBe(false);
      await sut.runNow('b');
      await jest.advanceTimersByTimeAsync(500);
      expect([a, b]).toEqual([0, 1]);
    });
  });
});
