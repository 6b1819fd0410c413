import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  feedError,
  feedOk,
  item,
  notModified,
  ScriptedFeedWatcher,
  type Step,
} from '../../../../test/fixtures/feed-watcher';
import {
  FakeContentRuns,
  freshState,
  RecordedEvents,
  testMetrics,
  testSource,
} from '../../../../test/fixtures/monitoring-engine';
import { MemoryMonitoringStore } from '../../../../test/fixtures/monitoring-store';
import type { Clock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import { seededRandom } from '../../../core/runtime/random';
import type { CheckOutcome, Source } from '../monitoring.types';
import { drawJitterMs } from './check-plan';
import { RegistryCheckTimers } from './check-timers';
import { MonitoringScheduler } from './monitoring-scheduler';
import { MonitoringScheduleConfig } from './schedule.config';
import type { DistributedSourceJobs, SourceJobHandlers, SourceJobRef } from './source-jobs';

const T = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const SEED = 7;
const dateClock: Clock = { now: () => Date.now(), monotonic: () => Date.now() };
const scope = { tenantId: 'acme', workspaceId: 'default' };

interface Options {
  readonly config?: Partial<MonitoringScheduleConfig>;
  readonly store?: MemoryMonitoringStore;
  readonly refusals?: number;
  readonly distributed?: DistributedSourceJobs;
}

function setup(options: Options = {}) {
  const store = options.store ?? new MemoryMonitoringStore();
  const watcher = new ScriptedFeedWatcher('feed');
  const runs = new FakeContentRuns(options.refusals ?? 0);
  const events = new RecordedEvents();
  const { metrics } = testMetrics();
  const config = Object.assign(new MonitoringScheduleConfig(), { adaptive: false }, options.config);
  const registry = new SchedulerRegistry();
  const sut = new MonitoringScheduler({
    store,
    watchers: [watcher],
    runs: () => runs,
    events,
    metrics,
    clock: dateClock,
    random: seededRandom(SEED),
    ids: sequentialIds('ctx'),
    config,
    timers: new RegistryCheckTimers(registry, dateClock),
    distributed: options.distributed ?? null,
  });
  /** Check times (ms after T) of a source. */
  const times = (source: Source) => watcher.callsFor(source.locator).map((c) => c.at - T);
  const add = async (overrides: Partial<Source> = {}, steps: Step[] = []) => {
    const source = testSource(overrides);
    await store.insertSource(source, freshState(source, { nextCheckAt: T }));
    if (steps.length) watcher.script(source.locator, ...steps);
    return source;
  };
  const change = async (source: Source, overrides: Partial<Source>) => {
    const changed = { ...source, ...overrides };
    await store.updateSource(changed);
    await sut.sourceChanged(scope, source.id);
    return changed;
  };
  return { store, watcher, runs, events, sut, add, change, times, registry };
}

/** A watcher answer that arrives `ms` later. */
const slow =
  (ms: number, outcome: CheckOutcome = notModified()) =>
  () =>
    new Promise<CheckOutcome>((resolve) => setTimeout(() => resolve(outcome), ms));

const advance = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe(MonitoringScheduler.name, () => {
  let stops: (() => Promise<unknown>)[] = [];
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    jest.useFakeTimers({ now: T });
    stops = [];
  });
  afterEach(async () => {
    for (const stop of stops) await stop();
    jest.useRealTimers();
  });
  const started = async (t: ReturnType<typeof setup>) => {
    stops.push(() => t.sut.stop());
    expect(await t.sut.start()).toEqual({ started: true });
    return t;
  };

  describe('start and stop', () => {
    it('refuses a second start and a second stop', async () => {
      const t = setup();
      expect(await t.sut.start()).toEqual({ started: true });
      expect(await t.sut.start()).toEqual({ started: false });
      expect(await t.sut.stop()).toEqual({ stopped: true });
      expect(await t.sut.stop()).toEqual({ stopped: false });
    });

    it('waits for checks in flight before it resolves, and checks nothing afterwards', async () => {
      const t = setup();
      const source = await t.add({}, [slow(5000)]);
      await started(t);
      await advance(2 * MIN + 1000);
      let stopped = false;
      const stopping = t.sut.stop().then(() => (stopped = true));

      await advance(3999);
      expect(stopped).toBe(false);
      await advance(1);
      await stopping;
      await advance(10 * MIN);

      expect(stopped).toBe(true);
      expect(t.times(source)).toEqual([2 * MIN]);
    });

    it('gives up waiting after stopTimeoutMs', async () => {
      const t = setup({ config: { stopTimeoutMs: 1000 } });
      await t.add({}, [slow(HOUR)]);
      await started(t);
      await advance(2 * MIN);
      let stopped = false;
      const stopping = t.sut.stop().then(() => (stopped = true));

      await advance(1000);
      await stopping;

      expect(stopped).toBe(true);
    });

    it('stops from onApplicationShutdown', async () => {
      const t = setup();
      const source = await t.add();
      await t.sut.start();
      await t.sut.onApplicationShutdown();
      await advance(10 * MIN);

      expect(t.times(source)).toEqual([]);
      expect(await t.sut.stop()).toEqual({ stopped: false });
    });
  });

  describe('schedule', () => {
    it('checks nothing before start + interval and once at start + interval', async () => {
      const t = setup();
      const source = await t.add();
      await started(t);

      await advance(2 * MIN - 1);
      expect(t.times(source)).toEqual([]);
      await advance(1);
      expect(t.times(source)).toEqual([2 * MIN]);
    });

    it('checks at once with checkOnStart, then on the grid from the start', async () => {
      const t = setup({ config: { checkOnStart: true } });
      const source = await t.add({ jitterSeconds: 10 });
      await started(t);

      await advance(4 * MIN);

      expect(t.times(source)).toEqual([0, 2 * MIN, 4 * MIN]);
    });

    it('runs exactly one check in [start + interval, start + interval + jitter], at the seeded per-source jitter', async () => {
      const t = setup();
      const first = await t.add({ id: 'src-1', jitterSeconds: 10 });
      const second = await t.add({ id: 'src-2', jitterSeconds: 10 });
      const random = seededRandom(SEED);
      const jitters = [drawJitterMs(10, () => random.next()), drawJitterMs(10, () => random.next())];
      await started(t);

      await advance(2 * MIN + 10_000);

      expect(jitters).toEqual([10_000, 1876]);
      expect(t.times(first)).toEqual([2 * MIN + 10_000]);
      expect(t.times(second)).toEqual([2 * MIN + 1876]);
    });

    it('runs a 2-minute source exactly 10 times in 20 minutes, on the grid', async () => {
      const t = setup();
      const source = await t.add();
      await started(t);

      await advance(20 * MIN);

      expect(t.times(source)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((m) => m * MIN));
    });

    it('keeps the grid after a slow check, skipping the missed slot', async () => {
      const t = setup();
      const source = await t.add({}, [slow(150_000), notModified()]);
      await started(t);

      await advance(8 * MIN);

      expect(t.times(source)).toEqual([2 * MIN, 6 * MIN, 8 * MIN]);
    });
  });

  describe('sourceChanged', () => {
    it('removes the job of a source disabled at run time and adds it back when enabled', async () => {
      const t = await started(setup());
      let source = await t.add();
      await t.sut.sourceChanged(scope, source.id);
      await advance(2 * MIN);
      source = await t.change(source, { enabled: false });

      await advance(10 * MIN);
      expect(t.times(source)).toEqual([2 * MIN]);
      expect(await t.sut.nextChecks(scope, 10)).toEqual([]);
      expect((await t.store.getState(scope, source.id))?.nextCheckAt).toBeNull();

      await t.change(source, { enabled: true });
      await advance(2 * MIN);
      expect(t.times(source)).toEqual([2 * MIN, 14 * MIN]);
    });

    it('stops checking a removed source', async () => {
      const t = setup();
      const source = await t.add();
      await started(t);
      await advance(2 * MIN);

      await t.store.deleteSource(scope, source.id);
      await t.sut.sourceRemoved(scope, source.id);
      await advance(10 * MIN);

      expect(t.times(source)).toEqual([2 * MIN]);
    });

    it('counts a new interval set before the first check from the start, not from epoch 0', async () => {
      const t = setup();
      const source = await t.add();
      await started(t);
      await advance(30_000);

      await t.change(source, { intervalSeconds: 60 });
      await advance(3 * MIN);

      expect(t.times(source)).toEqual([MIN, 2 * MIN, 3 * MIN]);
    });

    it('counts a new interval from the last check', async () => {
      const t = setup();
      const source = await t.add();
      await started(t);
      await advance(2 * MIN + 10_000);

      await t.change(source, { intervalSeconds: 300 });
      await advance(10 * MIN);

      expect(t.times(source)).toEqual([2 * MIN, 7 * MIN, 12 * MIN]);
    });

    it('moves a check that falls in quiet hours to the end of the window', async () => {
      const t = setup();
      const source = await t.add({ quietHours: { start: '12:01', end: '12:30', timeZone: 'UTC' } });
      await started(t);

      await advance(35 * MIN);

      expect(t.times(source)).toEqual([30 * MIN, 32 * MIN, 34 * MIN]);
    });

    it('honours a quiet window given in another time zone', async () => {
      const t = setup();
      // 12:00 UTC is 07:00 in New York (EST): quiet until 07:10 local.
      const source = await t.add({ quietHours: { start: '06:00', end: '07:10', timeZone: 'America/New_York' } });
      await started(t);

      await advance(12 * MIN);

      expect(t.times(source)).toEqual([10 * MIN, 12 * MIN]);
    });
  });

  describe('errors and backoff', () => {
    it('waits for Retry-After, then goes back to the grid', async () => {
      const t = setup();
      const source = await t.add({}, [feedError('rate_limited', 5 * MIN), notModified()]);
      await started(t);

      await advance(8 * MIN);

      expect(t.times(source)).toEqual([2 * MIN, 7 * MIN, 8 * MIN]);
      expect((await t.store.getState(scope, source.id))?.consecutiveErrors).toBe(0);
    });

    it('keeps checking other sources when one watcher throws', async () => {
      const t = setup();
      const broken = await t.add({ id: 'broken' }, [
        () => {
          throw new Error('parser crashed');
        },
      ]);
      const healthy = await t.add({ id: 'healthy' });
      await started(t);

      await advance(6 * MIN);

      expect(t.times(broken)).toEqual([2 * MIN, 4 * MIN, 6 * MIN]);
      expect(t.times(healthy)).toEqual([2 * MIN, 4 * MIN, 6 * MIN]);
      expect(await t.store.getState(scope, broken.id)).toMatchObject({
        consecutiveErrors: 3,
        lastError: { kind: 'unreachable', message: 'parser crashed', at: T + 6 * MIN },
      });
    });
  });

  describe('concurrency', () => {
    it('runs at most maxConcurrentChecks at once and starts waiting checks by priority', async () => {
      const t = setup({ config: { maxConcurrentChecks: 1 } });
      const order = ['holder', 'p3', 'p1', 'p2'];
      const [holder] = [
        await t.add({ id: 'holder', priority: 5 }, [slow(10_000)]),
        await t.add({ id: 'p3', priority: 3 }),
        await t.add({ id: 'p1', priority: 1 }),
        await t.add({ id: 'p2', priority: 2 }),
      ];
      await started(t);

      await advance(2 * MIN + 10_000);

      expect(order).toHaveLength(4);
      expect(t.watcher.calls.map((c) => [c.locator.split('/').at(-1), c.at - T])).toEqual([
        [`${holder.id}.xml`, 2 * MIN],
        ['p1.xml', 2 * MIN + 10_000],
        ['p2.xml', 2 * MIN + 10_000],
        ['p3.xml', 2 * MIN + 10_000],
      ]);
    });

    it('never overlaps a source with itself: checkNow during its check joins it', async () => {
      const t = setup();
      const source = await t.add({}, [slow(30_000, feedOk([item('a', 1)]))]);
      await started(t);
      await advance(2 * MIN + 1000);

      const joined = t.sut.checkNow(scope, source.id);
      await advance(29_000);

      expect(await joined).toEqual({
        sourceId: source.id,
        status: 'ok',
        errorKind: null,
        newItems: 1,
        runsStarted: 1,
        nextCheckAt: T + 2 * MIN,
      });
      expect(t.times(source)).toEqual([2 * MIN]);
    });
  });

  describe('adaptive interval', () => {
    it('checks next after a quarter of the median posting gap, within the bounds', async () => {
      const t = setup({ config: { adaptive: true } });
      const source = await t.add({}, [feedOk([item('c', 4 * HOUR), item('b', 2 * HOUR), item('a', 0)]), notModified()]);
      await started(t);

      await advance(2 * MIN + 30 * MIN);

      expect(t.times(source)).toEqual([2 * MIN, 32 * MIN]);
      expect((await t.store.getState(scope, source.id))?.currentIntervalSeconds).toBe(1800);
    });
  });

  describe('runs', () => {
    it('starts no duplicate run after a restart over the same store', async () => {
      const store = new MemoryMonitoringStore();
      const feed = feedOk([item('b', 2), item('a', 1)]);
      const first = setup({ store, config: { checkOnStart: true } });
      await first.add({}, [feed]);
      await first.sut.start();
      await advance(0);
      await first.sut.stop();

      const second = setup({ store, config: { checkOnStart: true } });
      second.watcher.script(testSource().locator, feed);
      await started(second);
      await advance(0);

      expect(first.runs.requests.map((r) => r.request.url)).toEqual(['https://example.org/b', 'https://example.org/a']);
      expect(second.watcher.calls).toHaveLength(1);
      expect(second.runs.requests).toEqual([]);
    });

    it('drains items that waited for run capacity on the drain period', async () => {
      const t = setup({ refusals: 1, config: { drainIntervalMs: 150_000 } });
      const source = await t.add({}, [feedOk([item('a', 1)])]);
      await started(t);
      await advance(2 * MIN);
      expect((await t.store.itemsWithoutRun(10)).map((i) => i.id)).toEqual(['a']);

      await advance(30_000);

      expect(await t.store.itemsWithoutRun(10)).toEqual([]);
      expect((await t.store.recentItems(scope, source.id, 1))[0].runId).toBe('run-1');
    });
  });

  describe('status and nextChecks', () => {
    it('reports the tenant sources, this instance counters and the planned checks', async () => {
      const t = setup({ refusals: 1, config: { drainIntervalMs: HOUR } });
      const a = await t.add({ id: 'a', priority: 1 }, [feedOk([item('x', 1), item('y', 2)]), feedError('http')]);
      await t.add({ id: 'b', intervalSeconds: 300, createdAt: T });
      await t.add({ id: 'off', enabled: false });
      await t.add({ id: 'other', tenantId: 'globex' });
      await started(t);
      await advance(4 * MIN);

      expect(await t.sut.status(scope)).toEqual({
        running: true,
        startedAt: T,
        sources: { total: 3, enabled: 2, failing: 1, stale: 0 },
        checks: { total: 2, errors: 1, notModified: 0 },
        itemsFound: 2,
        runsStarted: 1,
        itemsWaiting: 1,
      });
      expect(await t.sut.nextChecks(scope, 10)).toEqual([
        {
          sourceId: 'b',
          creatorId: 'creator-1',
          platform: 'feed',
          nextCheckAt: T + 5 * MIN,
          inSeconds: 60,
          intervalSeconds: 300,
          priority: 3,
        },
        {
          sourceId: a.id,
          creatorId: 'creator-1',
          platform: 'feed',
          nextCheckAt: T + 6 * MIN,
          inSeconds: 120,
          intervalSeconds: 120,
          priority: 1,
        },
      ]);
      expect(await t.sut.nextChecks(scope, 1)).toHaveLength(1);
    });

    it('returns undefined from checkNow for an unknown source', async () => {
      const t = setup();
      expect(await t.sut.checkNow(scope, 'nope')).toBeUndefined();
    });
  });

  describe('Redis mode', () => {
    function fakeJobs() {
      const log: string[] = [];
      let handlers: SourceJobHandlers | undefined;
      const jobs: DistributedSourceJobs = {
        upsert: async (ref: SourceJobRef, everyMs: number, startAt: number) =>
          void log.push(`upsert monitor:${ref.tenantId}:${ref.sourceId} every ${everyMs} from +${startAt - T}`),
        remove: async (ref) => {
          log.push(`remove monitor:${ref.tenantId}:${ref.sourceId}`);
          return true;
        },
        drainEvery: async (everyMs) => void log.push(`drain every ${everyMs}`),
        listen: (h) => void (handlers = h),
        close: async () => void log.push('close'),
        dispose: async () => void log.push('dispose'),
      };
      return { jobs, log, handlers: () => handlers! };
    }

    it('declares one shared job per source and follows enable/disable', async () => {
      const remote = fakeJobs();
      const t = setup({ distributed: remote.jobs });
      const source = await t.add({ jitterSeconds: 10 });
      await started(t);

      await t.change(source, { enabled: false });
      await t.change(source, { enabled: true });
      await t.sut.stop();

      expect(remote.log).toEqual([
        'drain every 30000',
        'upsert monitor:acme:src-1 every 120000 from +130000',
        'remove monitor:acme:src-1',
        'upsert monitor:acme:src-1 every 120000 from +121876',
        'close',
      ]);
    });

    it('checks a source when its job is taken here, unless a backoff covers the period', async () => {
      const remote = fakeJobs();
      const t = setup({ distributed: remote.jobs });
      const source = await t.add({}, [feedError('rate_limited', 5 * MIN), notModified()]);
      await started(t);
      const ref = { tenantId: 'acme', workspaceId: 'default', sourceId: source.id };
      const signal = new AbortController().signal;

      await remote.handlers().check(ref, signal);
      await advance(2 * MIN);
      await remote.handlers().check(ref, signal);
      await advance(3 * MIN);
      await remote.handlers().check(ref, signal);

      expect(t.times(source)).toEqual([0, 5 * MIN]);
    });
  });
});
