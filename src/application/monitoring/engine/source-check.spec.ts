import { feedError, feedOk, item, notModified, ScriptedFeedWatcher } from '../../../../test/fixtures/feed-watcher';
import {
  FakeContentRuns,
  freshState,
  metricValue,
  RecordedEvents,
  testMetrics,
  testSource,
} from '../../../../test/fixtures/monitoring-engine';
import { MemoryMonitoringStore } from '../../../../test/fixtures/monitoring-store';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import type { Source } from '../monitoring.types';
import { MonitoringEvents } from './monitoring.events';
import { RunStarter } from './run-starter';
import { SourceCheck } from './source-check';
import { TenantCounters } from './tenant-counters';

const HOUR = 3_600_000;
const T = Date.parse('2026-12-01T12:00:00Z');

function setup(options: { refusals?: number; adaptive?: boolean } = {}) {
  const store = new MemoryMonitoringStore();
  const watcher = new ScriptedFeedWatcher('feed');
  const runs = new FakeContentRuns(options.refusals ?? 0);
  const events = new RecordedEvents();
  const { metrics, registry } = testMetrics();
  const counters = new TenantCounters();
  const clock = new ManualClock(T);
  const starter = new RunStarter({
    store,
    runs: () => runs,
    sourceOf: (tenantId, sourceId) => store.getSource({ tenantId, workspaceId: 'default' }, sourceId),
    events,
    metrics,
    counters,
    clock,
    ids: sequentialIds('ctx'),
  });
  const sut = new SourceCheck({
    store,
    watcherFor: (p) => (p === 'feed' ? watcher : undefined),
    runs: starter,
    events,
    metrics,
    counters,
    clock,
    adaptive: options.adaptive ?? false,
  });
  const add = async (source: Source) => {
    await store.insertSource(source, freshState(source));
    return source;
  };
  const check = async (source: Source) => {
    const state = (await store.getState(source, source.id))!;
    return sut.run(source, state, new AbortController().signal);
  };
  return { store, watcher, runs, events, metrics, registry, counters, clock, starter, sut, add, check };
}

describe(SourceCheck.name, () => {
  describe('run', () => {
    it('records new items once, replaces the validators and starts one run per new item', async () => {
      const t = setup();
      const source = await t.add(testSource({ runMode: 'enhanced', runDepth: 'deep' }));
      t.watcher.script(source.locator, feedOk([item('b', 2), item('a', 1)], '"v1"', 'Tue, 01 Dec 2026 11:00:00 GMT'));

      const done = await t.check(source);

      expect(done).toMatchObject({ status: 'ok', errorKind: null, newItems: 2, runsStarted: 2 });
      expect(done.state.validators).toEqual({ etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 11:00:00 GMT' });
      expect(t.runs.requests).toEqual([
        {
          tenantId: 'acme',
          workspaceId: 'default',
          request: { url: 'https://example.org/b', mode: 'enhanced', depth: 'deep' },
        },
        {
          tenantId: 'acme',
          workspaceId: 'default',
          request: { url: 'https://example.org/a', mode: 'enhanced', depth: 'deep' },
        },
      ]);
      expect((await t.store.recentItems(source, source.id, 10)).map((i) => [i.id, i.runId])).toEqual([
        ['b', 'run-1'],
        ['a', 'run-2'],
      ]);
      expect(t.events.names()).toEqual([
        MonitoringEvents.CheckCompleted,
        MonitoringEvents.ItemNew,
        MonitoringEvents.ItemNew,
        MonitoringEvents.RunStarted,
        MonitoringEvents.RunStarted,
      ]);
      expect(t.events.list[3].payload).toEqual({
        tenantId: 'acme',
        workspaceId: 'default',
        sourceId: 'src-1',
        creatorId: 'creator-1',
        platform: 'feed',
        at: T,
        itemId: 'b',
        url: 'https://example.org/b',
        runId: 'run-1',
      });

      const again = await t.check(source);
      expect(again).toMatchObject({ status: 'ok', newItems: 0, runsStarted: 0 });
      expect(t.runs.requests).toHaveLength(2);
      expect(t.watcher.calls[1].validators).toEqual({ etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 11:00:00 GMT' });
    });

    it('counts a 304 as a success and keeps the validators', async () => {
      const t = setup();
      const source = await t.add(testSource());
      t.watcher.script(source.locator, feedOk([item('a', 1)], '"v1"'), notModified());
      await t.check(source);
      t.clock.advance(1000);

      const done = await t.check(source);

      expect(done.status).toBe('not_modified');
      expect(done.state).toMatchObject({ validators: { etag: '"v1"', lastModified: null }, lastSuccessAt: T + 1000 });
      expect(await metricValue(t.registry, 'monitoring_http_not_modified_total', { platform: 'feed' })).toBe(1);
      expect(await metricValue(t.registry, 'monitoring_checks_total', { platform: 'feed', status: 'ok' })).toBe(1);
      expect(t.counters.of('acme')).toEqual({ checks: 2, errors: 0, notModified: 1, itemsFound: 1, runsStarted: 1 });
    });

    it('records an error with Retry-After as backoff and keeps validators and items', async () => {
      const t = setup();
      const source = await t.add(testSource());
      t.watcher.script(
        source.locator,
        feedOk([item('a', 1)], '"v1"'),
        feedError('rate_limited', 60_000),
        feedError('http'),
      );
      await t.check(source);

      const limited = await t.check(source);
      t.clock.advance(70_000);
      const failed = await t.check(source);

      expect(limited.state).toMatchObject({ consecutiveErrors: 1, backoffUntil: T + 60_000 });
      expect(failed.state).toMatchObject({
        validators: { etag: '"v1"', lastModified: null },
        lastSuccessAt: T,
        lastError: { kind: 'http', message: 'http failure', at: T + 70_000 },
        consecutiveErrors: 2,
      });
      expect((await t.store.recentItems(source, source.id, 10)).map((i) => i.id)).toEqual(['a']);
      expect(t.events.list.at(-1)).toEqual({
        name: MonitoringEvents.CheckFailed,
        payload: {
          tenantId: 'acme',
          workspaceId: 'default',
          sourceId: 'src-1',
          creatorId: 'creator-1',
          platform: 'feed',
          at: T + 70_000,
          kind: 'http',
          message: 'http failure',
          httpStatus: 500,
          consecutiveErrors: 2,
          backoffUntil: T + 60_000,
        },
      });
      expect(await metricValue(t.registry, 'monitoring_errors_total', { platform: 'feed', kind: 'rate_limited' })).toBe(
        1,
      );
      expect(t.store.checks.map((c) => [c.status, c.errorKind, c.httpStatus])).toEqual([
        ['ok', null, 200],
        ['error', 'rate_limited', 429],
        ['error', 'http', 500],
      ]);
    });

    it('records a feed that suddenly lists nothing as the error emptied, with the previous state kept', async () => {
      const t = setup();
      const source = await t.add(testSource());
      t.watcher.script(source.locator, feedOk([item('a', 1)], '"v1"'), feedOk([], '"wiped"'));
      await t.check(source);

      const done = await t.check(source);

      expect(done).toMatchObject({ status: 'error', errorKind: 'emptied', newItems: 0 });
      expect(done.state.validators).toEqual({ etag: '"v1"', lastModified: null });
      expect(done.state.lastError?.kind).toBe('emptied');
      expect(t.store.checks.at(-1)).toMatchObject({ status: 'error', errorKind: 'emptied', httpStatus: 200 });
    });

    it('records a feed whose entries are all unseen and older than the newest seen item as emptied', async () => {
      const t = setup();
      const source = await t.add(testSource());
      t.watcher.script(
        source.locator,
        feedOk([item('new', 10 * HOUR)]),
        feedOk([item('old-1', HOUR), item('old-2', 2 * HOUR)]),
      );
      await t.check(source);

      const done = await t.check(source);

      expect(done).toMatchObject({ status: 'error', errorKind: 'emptied', newItems: 0 });
      expect((await t.store.recentItems(source, source.id, 10)).map((i) => i.id)).toEqual(['new']);
      expect(t.runs.requests).toHaveLength(1);
    });

    it('keeps an item whose run was refused waiting, and the drain starts it once the port accepts', async () => {
      const t = setup({ refusals: 2 });
      const source = await t.add(testSource());
      t.watcher.script(source.locator, feedOk([item('a', 1)]));

      const done = await t.check(source);
      expect(done).toMatchObject({ newItems: 1, runsStarted: 0 });
      expect((await t.store.itemsWithoutRun(10)).map((i) => i.id)).toEqual(['a']);

      expect(await t.starter.drain(10)).toEqual({ started: 0, waiting: 1 });
      expect(await t.starter.drain(10)).toEqual({ started: 1, waiting: 0 });

      expect(await t.store.itemsWithoutRun(10)).toEqual([]);
      expect((await t.store.recentItems(source, source.id, 1))[0].runId).toBe('run-1');
      expect(t.runs.requests).toHaveLength(3);
      expect(await metricValue(t.registry, 'monitoring_runs_started_total', { platform: 'feed' })).toBe(1);
    });

    it('reports a platform without a watcher as unsupported', async () => {
      const t = setup();
      const source = await t.add(testSource({ platform: 'twitch', locator: 'somebody' }));

      const done = await t.check(source);

      expect(done).toMatchObject({ status: 'error', errorKind: 'unsupported' });
      expect(done.state.lastError?.message).toBe('no watcher is installed for platform twitch');
    });

    it('adapts the interval to the posting rate when adaptive', async () => {
      const t = setup({ adaptive: true });
      const source = await t.add(testSource());
      t.watcher.script(source.locator, feedOk([item('c', 4 * HOUR), item('b', 2 * HOUR), item('a', 0)]));

      const done = await t.check(source);

      expect(done.state.currentIntervalSeconds).toBe(1800);
    });
  });
});
