import { GroupCommit } from './group-commit';

/** A write that records its batches and waits until released. */
function gatedWrite() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const write = (items: readonly number[]) => {
    batches.push([...items]);
    return new Promise<number[]>((resolve) => gates.push(() => resolve(items.map((i) => i * 10))));
  };
  return { batches, write, release: () => gates.shift()?.() };
}

describe('GroupCommit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('batches items submitted within the linger time into one write and answers each with its own outcome', async () => {
    const { batches, write, release } = gatedWrite();
    const sut = new GroupCommit(write, { maxItems: 100, lingerMs: 5 });
    const answers = [1, 2, 3].map((i) => sut.submit(i));
    await jest.advanceTimersByTimeAsync(4);
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2, 3]]);
    release();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30]);
    expect(sut.stats).toEqual({ batches: 1, items: 3, largestBatch: 3 });
  });

  it('writes at once when a batch is full, and never more than maxItems at a time', async () => {
    const { batches, write, release } = gatedWrite();
    const sut = new GroupCommit(write, { maxItems: 2, lingerMs: 1000 });
    const answers = [1, 2, 3, 4, 5].map((i) => sut.submit(i));
    await Promise.resolve();
    expect(batches).toEqual([[1, 2]]);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    release();
    await jest.advanceTimersByTimeAsync(0);
    release();
    await expect(Promise.all(answers)).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('runs one write at a time: items arriving during a write form the next batch, written as soon as it ends', async () => {
    const { batches, write, release } = gatedWrite();
    const sut = new GroupCommit(write, { maxItems: 100, lingerMs: 2 });
    const first = sut.submit(1);
    await jest.advanceTimersByTimeAsync(2);
    const later = [sut.submit(2), sut.submit(3)];
    await jest.advanceTimersByTimeAsync(50);
    expect(batches).toEqual([[1]]);
    expect(sut.waiting).toBe(2);
    release();
    await expect(first).resolves.toBe(10);
    await jest.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[1], [2, 3]]);
    release();
    await expect(Promise.all(later)).resolves.toEqual([20, 30]);
  });

  it('a failed write rejects every item of its batch, and the next batch is still written', async () => {
    let calls = 0;
    const sut = new GroupCommit(
      async (items: readonly string[]) => {
        if (calls++ === 0) throw new Error('disk full');
        return items.map((s) => s.toUpperCase());
      },
      { maxItems: 2, lingerMs: 0 },
    );
    const a = sut.submit('a');
    const b = sut.submit('b');
    const c = sut.submit('c');
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    await jest.advanceTimersByTimeAsync(0);
    await expect(c).resolves.toBe('C');
    expect(sut.stats).toEqual({ batches: 1, items: 1, largestBatch: 1 });
  });

  it('rejects a batch whose write returns the wrong number of outcomes', async () => {
    const sut = new GroupCommit(async () => [1], { maxItems: 10, lingerMs: 0 });
    const settled = Promise.allSettled([sut.submit(1), sut.submit(2)]);
    await jest.advanceTimersByTimeAsync(0);
    const reasons = (await settled).map((s) => (s.status === 'rejected' ? (s.reason as Error).message : s.value));
    expect(reasons).toEqual([
      'a group write returned 1 outcomes for 2 items',
      'a group write returned 1 outcomes for 2 items',
    ]);
  });

  it('flush() writes what is waiting without waiting for the linger time', async () => {
    const written: number[] = [];
    const sut = new GroupCommit(
      async (items: readonly number[]) => {
        written.push(...items);
        return items;
      },
      { maxItems: 100, lingerMs: 60_000 },
    );
    void sut.submit(7);
    void sut.submit(8);
    await sut.flush();
    expect(written).toEqual([7, 8]);
    expect(sut.waiting).toBe(0);
  });

  it('refuses options it cannot honour, naming them', () => {
    const write = async (items: readonly number[]) => items;
    expect(() => new GroupCommit(write, { maxItems: 0, lingerMs: 1 })).toThrow(
      'maxItems must be an integer ≥ 1, got 0',
    );
    expect(() => new GroupCommit(write, { maxItems: 1, lingerMs: -1 })).toThrow(
      'lingerMs must be a number ≥ 0, got -1',
    );
  });
});
