import type { FeedbackMetricsReport } from '../../src/application/feedback/feedback-report';
import { Instance } from './instances';
import { createDatabase, eventually, query, requiredEnv, uniqueName } from './helpers';

/** The feedback hub in Redis mode: per-type BullMQ queues shared by two instances in separate processes. */
describe('feedback hub on Redis, two instances', () => {
  let databaseUrl: string;
  let instances: Instance[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase('feedback');
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('feedback'),
      SHUTDOWN_TIMEOUT_MS: '3000',
      FEEDBACK_DRAIN_MS: '200',
    };
    instances = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
  });

  it('processes 10 000 signals submitted to both instances exactly once each, shared between them', async () => {
    const [a, b] = instances;
    const submitted = await Promise.all([
      a.request('POST', '/scale/feedback', { from: 0, to: 5000 }),
      b.request('POST', '/scale/feedback', { from: 5000, to: 10_000 }),
    ]);
    expect(submitted.map((r) => r.json)).toEqual([{ queued: 5000 }, { queued: 5000 }]);
    const runs = () =>
      query<{ job_id: string; instance: string }>(
        databaseUrl,
        "select job_id, instance from scale_runs where kind = 'feedback' order by seq",
      );
    await eventually(
      async () => ((await runs()).length >= 10_000 ? true : undefined),
      90_000,
      '10 000 processed signals',
    );
    await new Promise((r) => setTimeout(r, 500)); // a second delivery would land after the last one
    const rows = await runs();
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((r) => r.job_id)).size).toBe(10_000);
    const byA = rows.filter((r) => r.instance === 'a').length;
    expect(byA).toBeGreaterThan(0);
    expect(10_000 - byA).toBeGreaterThan(0);
    // The probe submits as tenant `scale`; the counts are that tenant's.
    const metrics = await Promise.all(
      instances.map(
        async (i) =>
          (await i.request<FeedbackMetricsReport>('GET', '/feedback/metrics', undefined, { 'x-tenant-id': 'scale' }))
            .json,
      ),
    );
    expect(metrics.map((m) => m.mode)).toEqual(['redis', 'redis']);
    expect(metrics[0].signalsProcessed + metrics[1].signalsProcessed).toBe(10_000);
  }, 120_000);
});

/** Deduplication across instances while a job waits: the drain (which starts the consumers) never runs here. */
describe('feedback hub on Redis, two instances whose consumers have not started', () => {
  let instances: Instance[] = [];

  beforeAll(async () => {
    const databaseUrl = await createDatabase('feedback_dedup');
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('feedback-dedup'),
      SHUTDOWN_TIMEOUT_MS: '3000',
      FEEDBACK_DRAIN_MS: '3600000',
    };
    instances = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
  });

  it('a signal id resubmitted while its job is waiting is not queued again, even through the other instance', async () => {
    const [a, b] = instances;
    expect(
      (await a.request('POST', '/scale/feedback', { from: 20_000, to: 20_010, componentType: 'model' })).json,
    ).toEqual({ queued: 10 });
    expect(
      (await b.request('POST', '/scale/feedback', { from: 20_005, to: 20_015, componentType: 'model' })).json,
    ).toEqual({ queued: 5 });
    const metrics = (await b.request<FeedbackMetricsReport>('GET', '/feedback/metrics')).json;
    expect(metrics.queueSizes.model).toBeLessThanOrEqual(15);
  });
});
