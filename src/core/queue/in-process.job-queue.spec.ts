import { sequentialIds } from '../runtime/id-generator';
import type { Job } from '../ports/job-queue.port';
import { InProcessJobQueue } from './in-process.job-queue';
import { backoffMs } from './job-options';

/** Date.now() is faked along with the timers, so this clock moves with jest.advanceTimersByTime. */
const fakeClock = { now: () => Date.now(), monotonic: () => Date.now() };

describe(InProcessJobQueue.name, () => {
  let sut: InProcessJobQueue;

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    sut = new InProcessJobQueue(fakeClock, sequentialIds('job'), { closeTimeoutMs: 500, maxDeadLetters: 2 });
  });

  afterEach(async () => {
    const closing = sut.close();
    await jest.advanceTimersByTimeAsync(1000);
    await closing;
    jest.useRealTimers();
  });

  it('runs due jobs by priority, then in arrival order', async () => {
    const seen: string[] = [];
    await sut.add('q', 'low', { priority: 5 });
    await sut.add('q', 'first', { priority: 0 });
    await sut.add('q', 'second', { priority: 0 });
    sut.process<string>('q', async (job) => void seen.push(job.data));
    await jest.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['first', 'second', 'low']);
    expect(await sut.counts('q')).toEqual({ waiting: 0, delayed: 0, active: 0, completed: 3, failed: 0 });
  });

  it('does not add a job whose id is still queued or running, and accepts it again once done', async () => {
    expect(await sut.add('q', 1, { jobId: 'a' })).toEqual({ id: 'a', deduplicated: false });
    expect(await sut.add('q', 2, { jobId: 'a' })).toEqual({ id: 'a', deduplicated: true });
    const data: number[] = [];
    sut.process<number>('q', async (job) => void data.push(job.data));
    await jest.advanceTimersByTimeAsync(0);
    expect(await sut.add('q', 3, { jobId: 'a' })).toEqual({ id: 'a', deduplicated: false });
    await jest.advanceTimersByTimeAsync(0);
    expect(data).toEqual([1, 3]);
  });

  it('holds a delayed job until its time', async () => {
    const at: number[] = [];
    sut.process('q', async () => void at.push(Date.now()));
    await sut.add('q', null, { delayMs: 2500 });
    await jest.advanceTimersByTimeAsync(2499);
    expect(at).toEqual([]);
    expect((await sut.counts('q')).delayed).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(at).toEqual([1_002_500]);
  });

  it('retries with exponential backoff, then dead-letters after the last attempt', async () => {
    const calls: [number, number][] = [];
    sut.process('q', async (job: Job) => {
      calls.push([job.attempt, Date.now() - 1_000_000]);
      throw new Error(`fail ${job.attempt}`);
    });
    await sut.add('q', { x: 1 }, { jobId: 'j', attempts: 4, backoff: { baseMs: 100, maxMs: 250 } });
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([
      [1, 0],
      [2, 100],
      [3, 300],
      [4, 550],
    ]);
    expect(await sut.deadLetters('q')).toEqual([
      { id: 'j', queue: 'q', data: { x: 1 }, attempts: 4, error: 'fail 4', failedAt: 1_000_550 },
    ]);
    expect(await sut.counts('q')).toMatchObject({ completed: 0, failed: 1 });
  });

  it('succeeds on a retry without dead-lettering', async () => {
    sut.process('q', async (job: Job) => {
      if (job.attempt < 2) throw new Error('transient');
    });
    await sut.add('q', null);
    await jest.advanceTimersByTimeAsync(1000);
    expect(await sut.counts('q')).toMatchObject({ completed: 1, failed: 0 });
    expect(await sut.deadLetters('q')).toEqual([]);
  });

  it('keeps only the newest dead letters', async () => {
    sut.process('q', async () => {
      throw new Error('no');
    });
    for (const id of ['a', 'b', 'c']) await sut.add('q', null, { jobId: id, attempts: 1 });
    await jest.advanceTimersByTimeAsync(0);
    expect((await sut.deadLetters('q')).map((d) => d.id)).toEqual(['b', 'c']);
  });

  it('runs at most `concurrency` jobs at once', async () => {
    let active = 0;
    let peak = 0;
    sut.process(
      'q',
      async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 100));
        active--;
      },
      { concurrency: 3 },
    );
    for (let i = 0; i < 10; i++) await sut.add('q', i);
    await jest.advanceTimersByTimeAsync(399);
    expect((await sut.counts('q')).completed).toBe(9);
    await jest.advanceTimersByTimeAsync(1);
    expect([peak, (await sut.counts('q')).completed]).toEqual([3, 10]);
  });

  it('takes a global concurrency below the local one as the cap (one process is every instance)', async () => {
    let active = 0;
    let peak = 0;
    sut.process(
      'q',
      async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 100));
        active--;
      },
      { concurrency: 4, globalConcurrency: 1 },
    );
    for (let i = 0; i < 3; i++) await sut.add('q', i);
    await jest.advanceTimersByTimeAsync(299);
    expect((await sut.counts('q')).completed).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect([peak, (await sut.counts('q')).completed]).toEqual([1, 3]);
  });

  it('starts at most `max` jobs per window', async () => {
    const starts: number[] = [];
    sut.process('q', async () => void starts.push(Date.now() - 1_000_000), {
      concurrency: 10,
      rateLimit: { max: 2, durationMs: 1000 },
    });
    for (let i = 0; i < 5; i++) await sut.add('q', i);
    await jest.advanceTimersByTimeAsync(5000);
    expect(starts).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('aborts running jobs on close, waits for them, and refuses new jobs', async () => {
    let aborted = false;
    sut.process(
      'q',
      (job) =>
        new Promise<void>((resolve) => job.signal.addEventListener('abort', () => ((aborted = true), resolve()))),
    );
    await sut.add('q', null);
    await jest.advanceTimersByTimeAsync(0);
    await sut.close();
    expect(aborted).toBe(true);
    await expect(sut.add('q', null)).rejects.toThrow('Cannot add to queue "q": the queue is closed');
  });

  it('rejects a second handler and invalid options', async () => {
    sut.process('q', async () => undefined);
    expect(() => sut.process('q', async () => undefined)).toThrow('Queue "q" already has a handler');
    expect(() => sut.process('r', async () => undefined, { concurrency: 0 })).toThrow(
      'concurrency must be an integer ≥ 1, got 0',
    );
    expect(() => sut.process('s', async () => undefined, { globalConcurrency: 1.5 })).toThrow(
      'globalConcurrency must be an integer ≥ 1, got 1.5',
    );
    await expect(sut.add('q', null, { attempts: 0 })).rejects.toThrow('attempts must be an integer ≥ 1, got 0');
    await expect(sut.add('q', null, { priority: -1 })).rejects.toThrow(
      'priority must be an integer from 0 to 2097150, got -1',
    );
    await expect(sut.add('a:b', null)).rejects.toThrow(
      'queue name must be 1-64 letters, digits, ".", "_" or "-", got "a:b"',
    );
    expect(() => sut.process('s', async () => undefined, { rateLimit: { max: 0, durationMs: 10 } })).toThrow(
      'rateLimit must have an integer max ≥ 1',
    );
  });
});

describe('backoffMs', () => {
  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(100, 1000, a))).toEqual([100, 200, 400, 800, 1000]);
  });
});
