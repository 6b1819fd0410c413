/** Waiters by key: `next` resolves on the next `wake` of its key, or after `ms` at the latest. */
export class Wakeups {
  private readonly waiting = new Map<string, Set<() => void>>();

  next(key: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const set = this.waiting.get(key);
        set?.delete(done);
        if (set?.size === 0) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (!this.waiting.has(key)) this.waiting.set(key, new Set());
      this.waiting.get(key)!.add(done);
    });
  }

  wake(key: string): void {
    for (const done of [...(this.waiting.get(key) ?? [])]) done();
  }
}
