import { isRunLimitReached, RunLimiter, type RunSlot } from './run-limiter';

const slot = (value: ReturnType<RunLimiter['tryAcquire']>): RunSlot => {
  if (isRunLimitReached(value)) throw new Error(`expected a slot, got ${JSON.stringify(value)}`);
  return value;
};

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe(RunLimiter.name, () => {
  describe('tryAcquire', () => {
    it('gives slots up to concurrency, then names the limit reached', () => {
      const sut = new RunLimiter({ concurrency: 2, maxRunningPerTenant: 2 });
      slot(sut.tryAcquire('acme'));
      slot(sut.tryAcquire('globex'));
      expect(sut.tryAcquire('initech')).toEqual({ limit: 'concurrency', max: 2 });
      expect(sut.stats()).toEqual({ running: 2, waiting: 0 });
    });

    it('refuses a tenant holding its share while other tenants still get slots', () => {
      const sut = new RunLimiter({ concurrency: 4, maxRunningPerTenant: 1 });
      slot(sut.tryAcquire('acme'));
      expect(sut.tryAcquire('acme')).toEqual({ limit: 'tenant', max: 1 });
      expect(slot(sut.tryAcquire('globex')).tenantId).toBe('globex');
      expect([sut.runningOf('acme'), sut.runningOf('globex'), sut.runningOf('initech')]).toEqual([1, 1, 0]);
    });

    it('takes a slot back once, however often it is released', () => {
      const sut = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const held = slot(sut.tryAcquire('acme'));
      held.release();
      held.release();
      expect(sut.stats()).toEqual({ running: 0, waiting: 0 });
      slot(sut.tryAcquire('acme'));
      expect(sut.tryAcquire('globex')).toEqual({ limit: 'concurrency', max: 1 });
    });

    it('refuses limits that are not integers of at least 1', () => {
      expect(() => new RunLimiter({ concurrency: 0, maxRunningPerTenant: 1 })).toThrow(
        'concurrency must be an integer ≥ 1, got 0',
      );
      expect(() => new RunLimiter({ concurrency: 2, maxRunningPerTenant: 1.5 })).toThrow(
        'maxRunningPerTenant must be an integer ≥ 1, got 1.5',
      );
    });
  });

  describe('acquire', () => {
    it('serves waiters in arrival order as slots come free', async () => {
      const sut = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const first = await sut.acquire('a');
      const order: string[] = [];
      const waiting = ['b', 'c'].map((t) => sut.acquire(t).then((s) => (order.push(t), s)));
      await settle();
      expect([order, sut.stats()]).toEqual([[], { running: 1, waiting: 2 }]);
      first.release();
      (await waiting[0]).release();
      await waiting[1];
      expect(order).toEqual(['b', 'c']);
    });

    it("lets a tenant holding its share wait without holding up another tenant's run behind it", async () => {
      const sut = new RunLimiter({ concurrency: 2, maxRunningPerTenant: 1 });
      const acme = await sut.acquire('acme');
      const blocker = await sut.acquire('globex');
      const order: string[] = [];
      const acmeAgain = sut.acquire('acme').then((s) => (order.push('acme'), s));
      const initech = sut.acquire('initech').then((s) => (order.push('initech'), s));
      blocker.release(); // a slot is free, but acme still runs its one: initech, which came later, goes first
      await initech;
      expect([order, sut.stats()]).toEqual([['initech'], { running: 2, waiting: 1 }]);
      acme.release();
      await acmeAgain;
      expect(order).toEqual(['initech', 'acme']);
    });

    it('rejects with the reason when the signal aborts while waiting, and forgets the waiter', async () => {
      const sut = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const held = await sut.acquire('acme');
      const controller = new AbortController();
      const waiting = sut.acquire('globex', controller.signal);
      controller.abort(new Error('shutting down'));
      await expect(waiting).rejects.toThrow('shutting down');
      held.release();
      expect(sut.stats()).toEqual({ running: 0, waiting: 0 });
      await expect(sut.acquire('acme', controller.signal)).rejects.toThrow('shutting down');
    });
  });
});
