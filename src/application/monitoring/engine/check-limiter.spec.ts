import { CheckLimiter } from './check-limiter';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe(CheckLimiter.name, () => {
  describe('run', () => {
    it('runs at most max tasks at once and starts waiting ones by priority, then due time', async () => {
      const sut = new CheckLimiter(1);
      const order: string[] = [];
      const gate = deferred();
      const first = sut.run(3, 0, async () => {
        order.push('first');
        await gate.promise;
      });
      const tasks = [
        sut.run(3, 10, async () => void order.push('p3-due10')),
        sut.run(1, 50, async () => void order.push('p1-due50')),
        sut.run(1, 20, async () => void order.push('p1-due20')),
        sut.run(2, 0, async () => void order.push('p2-due0')),
      ];
      expect(sut.active).toBe(1);
      expect(sut.queued).toBe(4);

      gate.resolve();
      await Promise.all([first, ...tasks]);

      expect(order).toEqual(['first', 'p1-due20', 'p1-due50', 'p2-due0', 'p3-due10']);
      expect(sut.active).toBe(0);
    });

    it('releases the slot when a task fails', async () => {
      const sut = new CheckLimiter(1);
      await expect(sut.run(1, 0, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      await expect(sut.run(1, 0, async () => 7)).resolves.toBe(7);
    });
  });
});
