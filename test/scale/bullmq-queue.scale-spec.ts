import type { Job } from '../../src/core/ports/job-queue.port';
import { BullMqJobQueue } from '../../src/core/queue/redis/bullmq.job-queue';
import { BullMqScheduler } from '../../src/core/queue/redis/bullmq.scheduler';
import { openRedis, type RedisConnection } from '../../src/core/queue/redis/redis-connection';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { eventually, requiredEnv, uniqueName } from './helpers';

/** The BullMQ adapters against a real Redis: the same contract the in-process queue's unit tests check. */
describe('BullMQ adapters (real Redis)', () => {
  let redis: RedisConnection;
  let sut: BullMqJobQueue;

  beforeAll(async () => {
    redis = await openRedis(requiredEnv('SCALE_REDIS_URL'), 5000);
  });
  afterAll(() => redis.close());

  beforeEach(() => {
    sut = new BullMqJobQueue(redis, sequentialIds('job'), { prefix: uniqueName('t'), closeTimeoutMs: 2000 });
  });
  afterEach(() => sut.close());

  function collect<T>(
    queue: string,
    handler: (job: Job<T>) => Promise<void> = async () => undefined,
    concurrency = 1,
  ): Job<T>[] {
    const seen: Job<T>[] = [];
    sut.process<T>(
      queue,
      async (job) => {
        seen.push(job);
        await handler(job);
      },
      { concurrency },
    );
    return seen;
  }

  it('hands the handler the caller id, data and attempt', async () => {
    const added = await sut.add('q', { n: 1 }, { jobId: 'order-1' });
    expect(added).toEqual({ id: 'order-1', deduplicated: false });
    const seen = collect<{ n: number }>('q');
    await eventually(async () => (seen.length === 1 ? true : undefined), 10_000, 'the job');
    expect(seen.map(({ id, queue, data, attempt }) => ({ id, queue, data, attempt }))).toEqual([
      { id: 'order-1', queue: 'q', data: { n: 1 }, attempt: 1 },
    ]);
    await eventually(
      async () => ((await sut.counts('q')).completed === 1 ? true : undefined),
      5000,
      'the completed count',
    );
  });

  it('does not add a job whose id is still queued, and accepts it again once done', async () => {
    expect(await sut.add('q', 'a', { jobId: 'x' })).toEqual({ id: 'x', deduplicated: false });
    expect(await sut.add('q', 'b', { jobId: 'x' })).toEqual({ id: 'x', deduplicated: true });
    expect(await sut.counts('q')).toEqual({ waiting: 1, delayed: 0, active: 0, completed: 0, failed: 0 });
    const seen = collect<string>('q');
    await eventually(async () => ((await sut.counts('q')).completed === 1 ? true : undefined), 10_000, 'the first job');
    expect(await sut.add('q', 'c', { jobId: 'x' })).toEqual({ id: 'x', deduplicated: false });
    await eventually(async () => (seen.length === 2 ? true : undefined), 10_000, 'the re-added job');
    expect(seen.map((j) => j.data)).toEqual(['a', 'c']);
  });

  it('runs waiting jobs by priority, then in arrival order', async () => {
    await sut.add('q', 'low', { priority: 5 });
    await sut.add('q', 'first', { priority: 0 });
    await sut.add('q', 'second', { priority: 0 });
    const seen = collect<string>('q');
    await eventually(async () => (seen.length === 3 ? true : undefined), 10_000, 'three jobs');
    expect(seen.map((j) => j.data)).toEqual(['first', 'second', 'low']);
  });

  it('holds a delayed job until its time', async () => {
    const seen = collect<string>('q');
    const added = Date.now();
    await sut.add('q', 'later', { delayMs: 600 });
    expect((await sut.counts('q')).delayed).toBe(1);
    await eventually(async () => (seen.length === 1 ? true : undefined), 10_000, 'the delayed job');
    expect(Date.now() - added).toBeGreaterThanOrEqual(600);
  });

  it('retries with backoff, then dead-letters after the last attempt', async () => {
    const attempts: number[] = [];
    sut.process<string>('q', async (job) => {
      attempts.push(job.attempt);
      if (job.data === 'never' || job.attempt < 3) throw new Error(`boom ${job.attempt}`);
    });
    await sut.add('q', 'third-time', { attempts: 3, backoff: { baseMs: 50, maxMs: 100 } });
    await eventually(
      async () => ((await sut.counts('q')).completed === 1 ? true : undefined),
      10_000,
      'the retried job',
    );
    expect(attempts).toEqual([1, 2, 3]);
    await sut.add('q', 'never', { jobId: 'doomed', attempts: 2, backoff: { baseMs: 50 } });
    const dead = await eventually(
      async () => {
        const letters = await sut.deadLetters('q');
        return letters.length === 1 ? letters : undefined;
      },
      10_000,
      'the dead letter',
    );
    expect(dead.map(({ id, queue, data, attempts: n, error }) => ({ id, queue, data, attempts: n, error }))).toEqual([
      { id: 'doomed', queue: 'q', data: 'never', attempts: 2, error: 'boom 2' },
    ]);
    expect(await sut.counts('q')).toMatchObject({ failed: 1, waiting: 0, delayed: 0, active: 0 });
  });

  it('runs at most `concurrency` jobs at once', async () => {
    let running = 0;
    let peak = 0;
    const seen = collect<number>(
      'q',
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 100));
        running--;
      },
      3,
    );
    for (let i = 0; i < 9; i++) await sut.add('q', i);
    await eventually(async () => (seen.length === 9 && running === 0 ? true : undefined), 10_000, 'nine jobs');
    expect(peak).toBe(3);
  });

  it('starts at most `max` jobs per window, across the queue', async () => {
    const starts: number[] = [];
    sut.process('q', async () => void starts.push(Date.now()), {
      concurrency: 5,
      rateLimit: { max: 2, durationMs: 500 },
    });
    for (let i = 0; i < 6; i++) await sut.add('q', i);
    await eventually(async () => (starts.length === 6 ? true : undefined), 10_000, 'six jobs');
    // Six jobs at two per 500 ms: the fifth cannot start before two windows have passed.
    expect(starts[4] - starts[0]).toBeGreaterThanOrEqual(900);
  });

  it('aborts running jobs on close and refuses new jobs', async () => {
    let aborted = false;
    const started = collect<string>(
      'q',
      (job) =>
        new Promise<void>((resolve) => job.signal.addEventListener('abort', () => ((aborted = true), resolve()))),
    );
    await sut.add('q', 'long');
    await eventually(async () => (started.length === 1 ? true : undefined), 10_000, 'the job to start');
    await sut.close();
    expect(aborted).toBe(true);
    await expect(sut.add('q', null)).rejects.toThrow('Cannot add to queue "q": the queue is closed');
  });

  it('rejects options the port does not allow before touching Redis', async () => {
    await expect(sut.add('a:b', null)).rejects.toThrow('queue name must be 1-64 letters');
    await expect(sut.add('q', null, { priority: 2_097_151 })).rejects.toThrow(
      'priority must be an integer from 0 to 2097150, got 2097151',
    );
    sut.process('q', async () => undefined);
    expect(() => sut.process('q', async () => undefined)).toThrow('Queue "q" already has a handler');
  });

  it('schedules a repeatable job that runs every period, and cancels it', async () => {
    const scheduler = new BullMqScheduler(redis, { prefix: uniqueName('s'), closeTimeoutMs: 2000 });
    try {
      const runs: number[] = [];
      await scheduler.every('tick', 300, () => void runs.push(Date.now()));
      await scheduler.every('tick', 300, () => void runs.push(Date.now())); // declared again, as a second instance would
      expect(await scheduler.list()).toEqual([expect.objectContaining({ name: 'tick', everyMs: 300 })]);
      await eventually(async () => (runs.length >= 3 ? true : undefined), 10_000, 'three runs');
      expect(await scheduler.cancel('tick')).toBe(true);
      expect(await scheduler.list()).toEqual([]);
    } finally {
      await scheduler.close();
    }
  });
});
