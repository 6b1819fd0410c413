import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import { FakeContentRuns, freshState, testSource } from '../../../../test/fixtures/monitoring-engine';
import { MemoryMonitoringStore } from '../../../../test/fixtures/monitoring-store';
import { testConfig } from '../../../../test/fixtures/test-config';
import { AppConfig } from '../../../core/config/app-config';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import { CONTENT_RUNS } from '../../../core/ports/content-runs.port';
import { REDIS_CONNECTION } from '../../../core/queue/redis/redis-connection';
import { CLOCK, ManualClock } from '../../../core/runtime/clock';
import { ID_GENERATOR, sequentialIds } from '../../../core/runtime/id-generator';
import { RANDOM_SOURCE, seededRandom } from '../../../core/runtime/random';
import { MONITORING_ENGINE, type MonitoringEngine } from '../monitoring.engine';
import { MONITORING_STORE } from '../monitoring.store';
import { feedOk, item, ScriptedFeedWatcher } from '../../../../test/fixtures/feed-watcher';
import { MonitoringEvents, type RunStartedEvent } from './monitoring.events';
import { MonitoringMetrics } from './monitoring.metrics';
import { FEED_WATCHERS, MONITORING_SCHEDULE_CONFIG, monitoringEngineProvider } from './monitoring-engine.provider';
import { MonitoringScheduler } from './monitoring-scheduler';
import { WebSubSubscriptions } from '../websub/websub-subscriptions';
import { MonitoringScheduleConfig } from './schedule.config';

describe('monitoringEngineProvider', () => {
  it('builds the in-process scheduler that starts runs through the lazily resolved CONTENT_RUNS and emits events', async () => {
    const store = new MemoryMonitoringStore();
    const source = testSource();
    await store.insertSource(source, freshState(source, { nextCheckAt: 0 }));
    const watcher = new ScriptedFeedWatcher('feed').script(source.locator, feedOk([item('a', 1)]));
    const runs = new FakeContentRuns();
    const events = new EventEmitter2();
    const started: RunStartedEvent[] = [];
    events.on(MonitoringEvents.RunStarted, (e: RunStartedEvent) => started.push(e));
    const moduleRef = await Test.createTestingModule({
      providers: [
        monitoringEngineProvider,
        { provide: MONITORING_STORE, useValue: store },
        { provide: FEED_WATCHERS, useValue: [watcher] },
        { provide: MONITORING_SCHEDULE_CONFIG, useValue: new MonitoringScheduleConfig() },
        { provide: MonitoringMetrics, useValue: new MonitoringMetrics(new MetricsRegistry('')) },
        { provide: EventEmitter2, useValue: events },
        { provide: SchedulerRegistry, useValue: new SchedulerRegistry() },
        { provide: REDIS_CONNECTION, useValue: null },
        { provide: AppConfig, useValue: testConfig() },
        { provide: CLOCK, useValue: new ManualClock(1000) },
        { provide: RANDOM_SOURCE, useValue: seededRandom(1) },
        { provide: ID_GENERATOR, useValue: sequentialIds('ctx') },
        { provide: CONTENT_RUNS, useValue: runs },
        { provide: WebSubSubscriptions, useValue: { maintain: async (_source: unknown, state: unknown) => state } },
      ],
    }).compile();
    const sut = moduleRef.get<MonitoringEngine>(MONITORING_ENGINE);

    const summary = await sut.checkNow({ tenantId: 'acme', workspaceId: 'default' }, source.id);
    await moduleRef.close();

    expect(sut).toBeInstanceOf(MonitoringScheduler);
    expect(summary).toMatchObject({ status: 'ok', newItems: 1, runsStarted: 1 });
    expect(started.map((e) => [e.tenantId, e.itemId, e.runId])).toEqual([['acme', 'a', 'run-1']]);
  });
});
