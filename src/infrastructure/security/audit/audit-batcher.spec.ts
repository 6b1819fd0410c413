import { AuditBatcher, type AuditBatcherOptions, type AuditBatcherSink } from './audit-batcher';

const OPTIONS: AuditBatcherOptions = {
  batchSize: 3,
  flushDelayMs: 10,
  capacity: 6,
  retryDelayMs: 100,
  retryMaxDelayMs: 250,
};

/** A sink that stores batches; `failNext` makes the next writes reject, `hold` keeps a write open until released. */
class FakeSink implements AuditBatcherSink<string> {
  readonly batches: string[][] = [];
  readonly failures: { attempt: number; size: number; retryInMs: number }[] = [];
  readonly drops: number[] = [];
  failNext = 0;
  private held: (() => void) | undefined;
  hold = false;

  async write(batch: readonly string[]): Promise<void> {
    if (this.hold) await new Promise<void>((release) => (this.held = release));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database down');
    }
    this.batches.push([...batch]);
  }

  release(): void {
    this.hold = false;
    this.held?.();
  }

  onWriteFailed(_e: unknown, attempt: number, size: number, retryInMs: number): void {
    this.failures.push({ attempt, size, retryInMs });
  }

  onDropped(episode: number): void {
    this.drops.push(episode);
  }

  overflowNotice(dropped: number): string {
    return `dropped:${dropped}`;
  }
}

describe(AuditBatcher.name, () => {
  let sink: FakeSink;
  let sut: AuditBatcher<string>;

  beforeEach(() => {
    jest.useFakeTimers();
    sink = new FakeSink();
    sut = new AuditBatcher(OPTIONS, sink);
  });
  afterEach(() => {
    sut.stop();
    jest.useRealTimers();
  });

  describe('push', () => {
    it('writes a partial batch flushDelayMs after the first item', async () => {
      sut.push('a');
      sut.push('b');
      await jest.advanceTimersByTimeAsync(9);
      expect(sink.batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      expect(sink.batches).toEqual([['a', 'b']]);
      expect(sut.pending).toBe(0);
    });

    it('writes a full batch at once, and what arrives during a write goes in the next batch, in order', async () => {
      sink.hold = true;
      for (const item of ['a', 'b', 'c', 'd', 'e']) sut.push(item);
      expect(sut.pending).toBe(5);
      sink.release();
      await jest.advanceTimersByTimeAsync(0);
      expect(sink.batches).toEqual([
        ['a', 'b', 'c'],
        ['d', 'e'],
      ]);
    });

    it('refuses items beyond capacity, counts them, and queues one notice as soon as there is room', async () => {
      sink.hold = true;
      for (const item of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) sut.push(item);
      expect([sut.pending, sut.dropped, sink.drops]).toEqual([6, 2, [1, 2]]);
      sink.release();
      await jest.advanceTimersByTimeAsync(0);
      expect(sut.push('i')).toBe(true);
      await sut.flush();
      expect(sink.batches.flat()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'dropped:2', 'i']);
    });
  });

  describe('flush', () => {
    it('resolves once everything pushed before it is stored, without waiting for the delay', async () => {
      sut.push('a');
      let done = false;
      const flushed = sut.flush().then(() => (done = true));
      await jest.advanceTimersByTimeAsync(0);
      await flushed;
      expect([done, sink.batches]).toEqual([true, [['a']]]);
    });

    it('keeps a failed batch in place and retries it with doubling backoff up to the maximum', async () => {
      sink.failNext = 3;
      sut.push('a');
      sut.push('b');
      const flushed = sut.flush();
      await jest.advanceTimersByTimeAsync(0);
      sut.push('c');
      await jest.advanceTimersByTimeAsync(100);
      expect(sink.batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(200);
      expect(sink.batches).toEqual([]);
      await jest.advanceTimersByTimeAsync(250);
      await flushed;
      expect(sink.failures).toEqual([
        { attempt: 1, size: 2, retryInMs: 100 },
        { attempt: 2, size: 3, retryInMs: 200 },
        { attempt: 3, size: 3, retryInMs: 250 },
      ]);
      expect(sink.batches).toEqual([['a', 'b', 'c']]);
    });
  });

  describe('flushWithin', () => {
    it('gives up after the timeout and reports what is left', async () => {
      sink.failNext = 100;
      sut.push('a');
      const left = sut.flushWithin(1000);
      await jest.advanceTimersByTimeAsync(1000);
      expect(await left).toBe(1);
    });

    it('counts only the items pushed before the call, not those pushed while it waits', async () => {
      sink.hold = true;
      sut.push('a');
      const left = sut.flushWithin(1000);
      await jest.advanceTimersByTimeAsync(0);
      sut.push('b');
      sink.release();
      sink.hold = true;
      expect(await left).toBe(0);
      expect([sink.batches, sut.pending]).toEqual([[['a']], 1]);
      sink.release();
      await sut.flush();
      expect(sink.batches).toEqual([['a'], ['b']]);
    });
  });

  describe('stop', () => {
    it('refuses new items and rejects a flush that can no longer complete', async () => {
      sink.failNext = 100;
      sut.push('a');
      const flushed = sut.flush();
      await jest.advanceTimersByTimeAsync(0);
      sut.stop();
      await expect(flushed).rejects.toThrow('The audit buffer was stopped with 1 entries not stored');
      expect(sut.push('b')).toBe(false);
      expect(sut.dropped).toBe(1);
    });
  });
});
