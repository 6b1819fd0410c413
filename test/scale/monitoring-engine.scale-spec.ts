import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { BullMqSourceJobs } from '../../src/application/monitoring/engine/bullmq-source-jobs';
import { RegistryCheckTimers } from '../../src/application/monitoring/engine/check-timers';
import { MonitoringScheduler } from '../../src/application/monitoring/engine/monitoring-scheduler';
import { MonitoringScheduleConfig } from '../../src/application/monitoring/engine/schedule.config';
import type { CheckOutcome } from '../../src/application/monitoring/monitoring.types';
import { openRedis, type RedisConnection } from '../../src/core/queue/redis/redis-connection';
import { systemClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { seededRandom } from '../../src/core/runtime/random';
import { feedOk, item, ScriptedFeedWatcher } from '../fixtures/feed-watcher';
import { FakeContentRuns, freshState, RecordedEvents, testMetrics, testSource } from '../fixtures/monitoring-engine';
import { MemoryMonitoringStore } from '../fixtures/monitoring-store';
import { eventually, requiredEnv, uniqueName } from './helpers';

/** Two engines over one Redis and one store: each source is checked by one instance at a time, and runs once. */
describe('Monitoring engine in Redis mode (real Redis)', () => {
  let redis: RedisConnection;
  beforeAll(async () => {
    Logger.overrideLogger(false);
    redis = await openRedis(requiredEnv('SCALE_REDIS_URL'), 5000);
  });
  afterAll(() => redis.close());

  it('checks each source on one instance per period and starts each new item run once', async () => {
    const prefix = uniqueName('mon');
    const store = new MemoryMonitoringStore();
    const source = testSource({ intervalSeconds: 1, minIntervalSeconds: 1 });
    await store.insertSource(source, freshState(source, { nextCheckAt: 0 }));
    let active = 0;
    let maxActive = 0;
    const checks: string[] = [];
    const runs = new FakeContentRuns();
    const engine = (name: string) => {
      const watcher = new ScriptedFeedWatcher('feed').script(source.locator, async (): Promise<CheckOutcome> => {
        active++;
        maxActive = Math.max(maxActive, active);
        checks.push(name);
        await new Promise((r) => setTimeout(r, 200));
        active--;
        return feedOk([item('a', 1)]);
      });
      const jobs = new BullMqSourceJobs(redis, { prefix, concurrency: 2 });
      const sut = new MonitoringScheduler({
        store,
        watchers: [watcher],
        runs: () => runs,
        events: new RecordedEvents(),
        metrics: testMetrics().metrics,
        clock: systemClock,
        random: seededRandom(1),
        ids: sequentialIds(name),
        config: Object.assign(new MonitoringScheduleConfig(), { adaptive: false, checkOnStart: true }),
        timers: new RegistryCheckTimers(new SchedulerRegistry(), systemClock),
        distributed: jobs,
      });
      return { sut, jobs };
    };
    const a = engine('a');
    const b = engine('b');
    await a.sut.start();
    await b.sut.start();

    await eventually(async () => (checks.length >= 4 ? true : undefined), 30_000, 'four checks');
    expect((await a.jobs.list()).map((j) => [j.id, j.everyMs])).toEqual([
      ['monitor-drain', 30_000],
      ['monitor:acme:src-1', 1000],
    ]);
    await a.sut.stop();
    await b.sut.stop();
    await a.jobs.dispose(1000);
    await b.jobs.dispose(1000);

    expect(maxActive).toBe(1);
    expect(runs.requests.map((r) => r.request.url)).toEqual(['https://example.org/a']);
  });
});
