import type { ModuleRef } from '@nestjs/core';
import { BOOT_TIMEOUT_MS } from '../../../../test/fixtures/boot';
import { applyContentMigrations, openTestDatabase } from '../../../../test/fixtures/test-database';
import type { AppConfig } from '../../../core/config/app-config';
import type { OpenedDatabase } from '../../../core/persistence/sql-database.factory';
import { ManualClock } from '../../../core/runtime/clock';
import { sequentialIds } from '../../../core/runtime/id-generator';
import { MonitoringConfig } from '../monitoring.config';
import type { MonitoringEngine } from '../monitoring.engine';
import { MONITORING_MIGRATIONS } from '../store/monitoring.migrations';
import { SqlMonitoringStore } from '../store/sql.monitoring-store';
import { MonitoringCatalogService } from './monitoring-catalog.service';

const A = { tenantId: 'acme', workspaceId: 'news' };
const FEED = 'https://example.org/feed.xml';

/** An engine that records what the catalog tells it. */
function recordingEngine(calls: string[]): MonitoringEngine {
  const unused = () => Promise.reject(new Error('not used by the catalog'));
  return {
    start: unused,
    stop: unused,
    status: unused,
    nextChecks: unused,
    checkNow: unused,
    sourceChanged: (scope, id) => Promise.resolve(void calls.push(`changed ${scope.tenantId} ${id}`)),
    sourceRemoved: (scope, id) => Promise.resolve(void calls.push(`removed ${scope.tenantId} ${id}`)),
  };
}

describe(MonitoringCatalogService.name, () => {
  let database: OpenedDatabase;
  let clock: ManualClock;
  let calls: string[];
  let engine: MonitoringEngine | undefined;
  let sut: MonitoringCatalogService;

  beforeAll(async () => {
    database = await openTestDatabase();
    await applyContentMigrations(database, MONITORING_MIGRATIONS);
  }, BOOT_TIMEOUT_MS);
  afterAll(() => database?.close(), BOOT_TIMEOUT_MS);

  beforeEach(async () => {
    await database.db.deleteFrom('monitoring_source_state').execute();
    await database.db.deleteFrom('monitoring_sources').execute();
    await database.db.deleteFrom('monitoring_creators').execute();
    clock = new ManualClock(1_000_000);
    calls = [];
    engine = recordingEngine(calls);
    const moduleRef = {
      get: () => {
        if (!engine) throw new Error('no provider');
        return engine;
      },
    } as unknown as ModuleRef;
    const app = { content: { allowedCidrs: [] } } as unknown as AppConfig;
    const config = Object.assign(new MonitoringConfig(), { maxCreatorsPerTenant: 14, maxSourcesPerTenant: 40 });
    sut = new MonitoringCatalogService(
      new SqlMonitoringStore(database),
      config,
      app,
      clock,
      sequentialIds('src'),
      moduleRef,
    );
    await sut.addCreator(A, { id: 'zed' });
  });

  describe('addSource', () => {
    it('stores an enabled source with its first check one interval ahead, and tells the engine', async () => {
      const added = await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: FEED, enabled: true });
      expect(added).toMatchObject({
        status: 'ok',
        data: {
          id: 'src-1',
          enabled: true,
          intervalSeconds: 300,
          jitterSeconds: 30,
          state: { nextCheckAt: 1_300_000, currentIntervalSeconds: 300 },
        },
      });
      expect(calls).toEqual(['changed acme src-1']);
    });

    it('refuses a duplicate (a conflict naming locator) without telling the engine', async () => {
      await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: FEED });
      expect(await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: FEED })).toEqual({
        status: 'error',
        category: 'conflict',
        error: `locator: a feed source ${FEED} already exists`,
        retryable: false,
      });
      expect(calls).toEqual(['changed acme src-1']);
    });

    it('works without an engine bound', async () => {
      engine = undefined;
      const added = await sut.addSource(A, { creatorId: 'zed', platform: 'reddit', locator: 'r/news' });
      expect(added.status).toBe('ok');
      expect(calls).toEqual([]);
    });
  });

  describe('updateSource', () => {
    it('disabling clears the next check; a new interval plans it from the last check, never in the past', async () => {
      await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: FEED, enabled: true });
      const store = new SqlMonitoringStore(database);
      const state = (await store.getState(A, 'src-1'))!;
      await store.saveState({ ...state, lastCheckAt: 1_250_000, nextCheckAt: 1_550_000 });
      clock.set(1_260_000);
      const shorter = await sut.updateSource(A, 'src-1', { intervalSeconds: 60 });
      expect(shorter).toMatchObject({ data: { state: { nextCheckAt: 1_310_000, currentIntervalSeconds: 60 } } });
      clock.set(1_400_000);
      const again = await sut.updateSource(A, 'src-1', { intervalSeconds: 120 });
      expect(again).toMatchObject({ data: { state: { nextCheckAt: 1_400_000, currentIntervalSeconds: 120 } } });
      const off = await sut.updateSource(A, 'src-1', { enabled: false });
      expect(off).toMatchObject({ data: { enabled: false, state: { nextCheckAt: null } } });
      const on = await sut.updateSource(A, 'src-1', { enabled: true });
      expect(on).toMatchObject({ data: { state: { nextCheckAt: 1_520_000 } } });
      expect(calls).toEqual(Array(5).fill('changed acme src-1'));
    });

    it('refuses a change that breaks a rule, naming the field, and leaves the source as it was', async () => {
      await sut.addSource(A, { creatorId: 'zed', platform: 'tiktok', locator: 'zed' });
      expect(await sut.updateSource(A, 'src-1', { enabled: true })).toMatchObject({
        category: 'validation',
        error:
          'enabled: there is no watcher for tiktok (it has no public feed); the source can be stored but not enabled',
      });
      expect(await sut.updateSource(A, 'src-1', { jitterSeconds: -1 })).toMatchObject({
        error: 'jitterSeconds must be an integer from 0 to the interval (300)',
      });
      expect(await sut.getSource(A, 'src-1')).toMatchObject({ data: { enabled: false, jitterSeconds: 30 } });
    });
  });

  describe('updateSource under a race', () => {
    it('answers a conflict naming locator when the unique index refuses the write the check let through', async () => {
      await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: FEED });
      await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: 'https://example.org/other.xml' });
      // A store whose listing misses the clash: as if the other source was added after the check.
      class LateStore extends SqlMonitoringStore {
        override listSources() {
          return Promise.resolve([]);
        }
      }
      const racing = new MonitoringCatalogService(
        new LateStore(database),
        new MonitoringConfig(),
        { content: { allowedCidrs: [] } } as unknown as AppConfig,
        clock,
        sequentialIds('late'),
        { get: () => engine } as unknown as ModuleRef,
      );
      expect(await racing.updateSource(A, 'src-2', { locator: FEED })).toEqual({
        status: 'error',
        category: 'conflict',
        error: `locator: a feed source ${FEED} already exists`,
        retryable: false,
      });
      expect(await sut.getSource(A, 'src-2')).toMatchObject({ data: { locator: 'https://example.org/other.xml' } });
    });
  });

  describe('removeCreator', () => {
    it('removes the creator with its sources and tells the engine of each', async () => {
      await sut.addSource(A, { creatorId: 'zed', platform: 'feed', locator: FEED });
      await sut.addSource(A, { creatorId: 'zed', platform: 'reddit', locator: 'r/news' });
      calls.length = 0;
      expect(await sut.removeCreator(A, 'zed')).toEqual({ status: 'ok', data: { removed: 'zed', sources: 2 } });
      expect(calls.sort()).toEqual(['removed acme src-1', 'removed acme src-2']);
      expect(await sut.removeCreator(A, 'zed')).toMatchObject({ category: 'not_found' });
    });
  });

  describe('seed', () => {
    it('seeds within the tenant limits once, then reports everything as existing', async () => {
      expect(await sut.seed(A)).toEqual({
        status: 'ok',
        data: { creators: { created: 13, existing: 0 }, sources: { created: 39, existing: 0 } },
      });
      expect(await sut.seed(A)).toEqual({
        status: 'ok',
        data: { creators: { created: 0, existing: 13 }, sources: { created: 0, existing: 39 } },
      });
      expect(await sut.addCreator(A, { id: 'one_too_many' })).toEqual({
        status: 'error',
        category: 'conflict',
        error: 'id: the tenant has 14 creators, the most monitoring.maxCreatorsPerTenant allows',
        retryable: false,
      });
    });
  });
});
