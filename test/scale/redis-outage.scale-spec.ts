import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JOB_QUEUE, type JobQueue } from '../../src/core/ports/job-queue.port';
import { createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { testConfig } from '../fixtures/test-config';
import { createDatabase, eventually, PrivateRedis, uniqueName } from './helpers';

/** The parts of a `/health` answer that the test reads: the indicators that are up, and those that are not. */
interface HealthBody {
  readonly info: Readonly<Record<string, unknown>>;
  readonly error: Readonly<Record<string, unknown>>;
}

/** Redis lost while the service runs: health goes down, accepted jobs wait, and work resumes when it returns. */
describe('Redis outage at runtime', () => {
  let redis: PrivateRedis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const config = testConfig({
      persistence: {
        databaseUrl: await createDatabase('outage'),
        redisUrl: redis.url,
        redisPrefix: uniqueName('outage'),
        connectTimeoutMs: 3000,
      },
    });
    app = await createApp({ config });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await redis?.stop();
  });

  const health = async () => {
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health' });
    return { status: res.statusCode, body: jsonBody<HealthBody>(res) };
  };

  it('reports Redis down while it is away and resumes the accepted jobs when it returns', async () => {
    const queue = app.get<JobQueue>(JOB_QUEUE);
    const done: string[] = [];
    queue.process<string>('outage', async (job) => void done.push(job.data), { concurrency: 5 });

    expect((await health()).body.info.redis).toMatchObject({ status: 'up' });
    await queue.add('outage', 'before');
    await eventually(async () => (done.includes('before') ? true : undefined), 10_000, 'the first job');

    for (const n of [1, 2, 3, 4, 5]) await queue.add('outage', `delayed-${n}`, { delayMs: 1500 });
    await redis.stop();

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.error.redis).toMatchObject({ status: 'down' });
    expect(down.body.info.database).toMatchObject({ status: 'up', kind: 'postgres' });

    // An add while Redis is away waits for it (ioredis keeps the command) instead of failing or being dropped.
    let addedDuringOutage = false;
    const during = queue.add('outage', 'during').then((r) => ((addedDuringOutage = true), r));
    await new Promise((r) => setTimeout(r, 2000)); // the delayed jobs fall due while Redis is away
    expect(done).toEqual(['before']);
    expect(addedDuringOutage).toBe(false);

    await redis.start();
    expect(await during).toMatchObject({ deduplicated: false });
    await eventually(async () => ((await health()).status === 200 ? true : undefined), 20_000, 'health to recover');
    await eventually(async () => (done.length === 7 ? true : undefined), 20_000, 'the delayed jobs');
    expect(done.slice(1).sort()).toEqual(['delayed-1', 'delayed-2', 'delayed-3', 'delayed-4', 'delayed-5', 'during']);

    await queue.add('outage', 'after');
    await eventually(async () => (done.includes('after') ? true : undefined), 10_000, 'a job added after the outage');
  });
});
