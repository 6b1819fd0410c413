import type { MonitoringStore } from '../../src/application/monitoring/monitoring.store';
import type {
  CheckRecord,
  Creator,
  FeedItem,
  Source,
  SourceState,
} from '../../src/application/monitoring/monitoring.types';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';

const A = { tenantId: 'acme', workspaceId: 'news' };
const B = { tenantId: 'other', workspaceId: 'main' };

const creator = (scope: typeof A, id: string, tier: number | null = 1): Creator => ({
  ...scope,
  id,
  name: `Name of ${id}`,
  tier,
  createdAt: 1_000,
  updatedAt: 1_000,
});

const source = (scope: typeof A, id: string, creatorId: string, locator: string): Source => ({
  ...scope,
  id,
  creatorId,
  platform: 'feed',
  locator,
  youtubeKind: null,
  enabled: true,
  priority: 3,
  intervalSeconds: 300,
  minIntervalSeconds: 60,
  maxIntervalSeconds: 86_400,
  jitterSeconds: 30,
  quietHours: { start: '23:00', end: '07:00', timeZone: 'Europe/Paris' },
  runMode: 'fallback',
  runDepth: 'standard',
  createdAt: 2_000,
  updatedAt: 2_000,
});

const state = (tenantId: string, sourceId: string, nextCheckAt: number | null): SourceState => ({
  tenantId,
  sourceId,
  validators: { etag: null, lastModified: null },
  nextCheckAt,
  lastCheckAt: null,
  lastSuccessAt: null,
  lastError: null,
  consecutiveErrors: 0,
  backoffUntil: null,
  currentIntervalSeconds: 300,
  websub: null,
});

const item = (id: string, publishedAt: number | null = null): FeedItem => ({
  id,
  url: `https://example.org/${id}`,
  title: `Title ${id}`,
  publishedAt,
  kind: 'post',
});

/**
 * What every {@link MonitoringStore} must do: run by the unit tests on the embedded database and by the scale tests
 * on PostgreSQL (where two concurrent `recordItems` calls run on two connections). `open` gives an empty store,
 * once; the cases build on each other in order.
 */
export function monitoringStoreContract(open: () => Promise<MonitoringStore>): void {
  let sut: MonitoringStore;

  beforeAll(async () => {
    sut = await open();
  }, BOOT_TIMEOUT_MS);

  describe('creators', () => {
    it('stores a creator, replaces it on a second put and lists only the tenant’s, by id', async () => {
      await sut.putCreator(creator(A, 'zed'));
      await sut.putCreator(creator(A, 'amy', null));
      await sut.putCreator({ ...creator(A, 'zed', 2), name: 'Zed', updatedAt: 5_000 });
      await sut.putCreator(creator(B, 'amy'));
      expect(await sut.listCreators(A)).toEqual([
        creator(A, 'amy', null),
        { ...creator(A, 'zed', 2), name: 'Zed', updatedAt: 5_000 },
      ]);
      expect(await sut.getCreator(B, 'zed')).toBeUndefined();
      expect(await sut.getCreator(B, 'amy')).toEqual(creator(B, 'amy'));
    });
  });

  describe('sources', () => {
    it('inserts a source with its state, read back whole; a second one on the same platform and locator is refused', async () => {
      const s1 = source(A, 's-1', 'zed', 'https://example.org/feed.xml');
      expect(await sut.insertSource(s1, state('acme', 's-1', 10_000))).toBe(true);
      expect(
        await sut.insertSource(source(A, 's-dup', 'amy', 'https://example.org/feed.xml'), state('acme', 's-dup', 1)),
      ).toBe(false);
      expect(await sut.getSource(A, 's-dup')).toBeUndefined();
      expect(await sut.getState(A, 's-dup')).toBeUndefined();
      expect(await sut.getSource(A, 's-1')).toEqual(s1);
      expect(await sut.getState(A, 's-1')).toEqual(state('acme', 's-1', 10_000));
      // Another tenant may watch the same feed.
      expect(
        await sut.insertSource(source(B, 's-1', 'amy', 'https://example.org/feed.xml'), state('other', 's-1', 9_000)),
      ).toBe(true);
      expect(await sut.getSource(B, 's-1')).toEqual(source(B, 's-1', 'amy', 'https://example.org/feed.xml'));
    });

    it('updates a source’s settings and lists sources by creator', async () => {
      const changed: Source = {
        ...source(A, 's-1', 'zed', 'https://example.org/feed.xml'),
        enabled: false,
        priority: 1,
        intervalSeconds: 900,
        quietHours: null,
        updatedAt: 3_000,
      };
      await sut.updateSource(changed);
      await sut.insertSource(source(A, 's-2', 'amy', 'https://example.org/amy.xml'), state('acme', 's-2', 20_000));
      expect(await sut.getSource(A, 's-1')).toEqual(changed);
      expect((await sut.listSources(A)).map((s) => s.id)).toEqual(['s-2', 's-1']);
      expect((await sut.listSources(A, 'zed')).map((s) => s.id)).toEqual(['s-1']);
      expect(await sut.listSources(A, 'nobody')).toEqual([]);
    });

    it('saves a state over the stored one, validators and WebSub exactly as given', async () => {
      const saved: SourceState = {
        ...state('acme', 's-2', 30_000),
        validators: { etag: 'W/"abc-1"', lastModified: 'Mon, 07 Dec 2026 10:00:00 GMT' },
        lastCheckAt: 25_000,
        lastSuccessAt: 24_000,
        lastError: { kind: 'rate_limited', message: 'HTTP 429', at: 25_000 },
        consecutiveErrors: 1,
        backoffUntil: 85_000,
        currentIntervalSeconds: 600,
        websub: {
          hubUrl: 'https://hub.example/',
          topicUrl: 'https://example.org/amy.xml',
          secret: 'f3a9c1d2e4b5',
          requestedAt: 20_000,
          leaseExpiresAt: 432_020_000,
          verified: true,
          lastPushAt: 26_000,
        },
      };
      await sut.saveState(saved);
      expect(await sut.getState(A, 's-2')).toEqual(saved);
      expect(await sut.getState(B, 's-2')).toBeUndefined();
    });
  });

  describe('dueSources', () => {
    it('lists the enabled sources of every tenant due at or before now, earliest first, at most limit', async () => {
      // acme s-1 is disabled (next 10 000), acme s-2 due at 30 000, other s-1 due at 9 000.
      const due = await sut.dueSources(30_000, 10);
      expect(due.map(({ source: s, state: st }) => [s.tenantId, s.id, st.nextCheckAt])).toEqual([
        ['other', 's-1', 9_000],
        ['acme', 's-2', 30_000],
      ]);
      expect(due[1].state.validators).toEqual({ etag: 'W/"abc-1"', lastModified: 'Mon, 07 Dec 2026 10:00:00 GMT' });
      expect(due[1].source).toEqual(await sut.getSource(A, 's-2'));
      expect((await sut.dueSources(29_999, 10)).map((d) => d.source.id)).toEqual(['s-1']);
      expect((await sut.dueSources(30_000, 1)).map((d) => d.source.tenantId)).toEqual(['other']);
    });
  });

  describe('recordItems', () => {
    it('returns the new items in the order given, and on a second call only those not seen before', async () => {
      const first = await sut.recordItems(A, 's-2', [item('c', 300), item('b', 200), item('a', 100)], 40_000);
      expect(first).toEqual([
        { ...item('c', 300), tenantId: 'acme', sourceId: 's-2', firstSeenAt: 40_000, runId: null },
        { ...item('b', 200), tenantId: 'acme', sourceId: 's-2', firstSeenAt: 40_000, runId: null },
        { ...item('a', 100), tenantId: 'acme', sourceId: 's-2', firstSeenAt: 40_000, runId: null },
      ]);
      const second = await sut.recordItems(A, 's-2', [item('e'), item('d'), item('d'), item('c', 300)], 50_000);
      expect(second.map((i) => [i.id, i.firstSeenAt])).toEqual([
        ['e', 50_000],
        ['d', 50_000],
      ]);
      expect(await sut.recordItems(A, 's-2', [item('e'), item('a')], 60_000)).toEqual([]);
      expect(await sut.recordItems(A, 's-2', [], 60_000)).toEqual([]);
      // The same ids on another tenant's source are new there.
      expect((await sut.recordItems(B, 's-2', [item('c')], 60_000)).map((i) => i.id)).toEqual(['c']);
    });

    it('gives each item to exactly one of two concurrent calls', async () => {
      const batch = Array.from({ length: 50 }, (_, i) => item(`race-${i}`));
      const [x, y] = await Promise.all([
        sut.recordItems(A, 's-1', batch, 70_000),
        sut.recordItems(A, 's-1', [...batch].reverse(), 70_001),
      ]);
      const ids = [...x, ...y].map((i) => i.id).sort();
      expect(ids).toEqual(batch.map((i) => i.id).sort());
      expect(x.length + y.length).toBe(50);
    });

    it('lists recent items newest first, and links runs to waiting items', async () => {
      expect((await sut.recentItems(A, 's-2', 4)).map((i) => i.id)).toEqual(['e', 'd', 'c', 'b']);
      await sut.linkRun(A, 's-2', 'c', 'run-c');
      await sut.linkRun(B, 's-2', 'a', 'run-wrong-tenant');
      expect((await sut.recentItems(A, 's-2', 10)).map((i) => [i.id, i.runId])).toEqual([
        ['e', null],
        ['d', null],
        ['c', 'run-c'],
        ['b', null],
        ['a', null],
      ]);
      const waiting = await sut.itemsWithoutRun(5);
      expect(waiting.map((i) => [i.tenantId, i.id])).toEqual([
        ['acme', 'b'],
        ['acme', 'a'],
        ['acme', 'e'],
        ['acme', 'd'],
        ['other', 'c'],
      ]);
    });
  });

  describe('check history', () => {
    const check = (sourceId: string, at: number, status: CheckRecord['status'] = 'ok'): CheckRecord => ({
      tenantId: 'acme',
      sourceId,
      at,
      status,
      errorKind: status === 'error' ? 'http' : null,
      httpStatus: status === 'error' ? 503 : status === 'not_modified' ? 304 : 200,
      bytes: 24_576,
      newItems: status === 'ok' ? 2 : 0,
      durationMs: 12.5,
    });

    it('appends checks, lists a source’s since a time oldest first, and purges old ones of every tenant', async () => {
      await sut.appendCheck(check('s-2', 100));
      await sut.appendCheck(check('s-2', 300, 'error'));
      await sut.appendCheck(check('s-2', 200, 'not_modified'));
      await sut.appendCheck(check('s-1', 250));
      await sut.appendCheck({ ...check('s-2', 150), tenantId: 'other' });
      expect(await sut.checksSince(A, 's-2', 150)).toEqual([
        check('s-2', 200, 'not_modified'),
        check('s-2', 300, 'error'),
      ]);
      expect(await sut.purgeChecks(201)).toBe(3);
      expect((await sut.checksSince(A, 's-2', 0)).map((c) => c.at)).toEqual([300]);
      expect((await sut.checksSince(B, 's-2', 0)).map((c) => c.at)).toEqual([]);
    });
  });

  describe('deletes', () => {
    it('deletes a source with its state, items and history, only in its tenant', async () => {
      expect(await sut.deleteSource(B, 's-9')).toBe(false);
      expect(await sut.deleteSource(A, 's-2')).toBe(true);
      expect(await sut.getSource(A, 's-2')).toBeUndefined();
      expect(await sut.getState(A, 's-2')).toBeUndefined();
      expect(await sut.recentItems(A, 's-2', 10)).toEqual([]);
      expect(await sut.checksSince(A, 's-2', 0)).toEqual([]);
      expect((await sut.recentItems(B, 's-2', 10)).map((i) => i.id)).toEqual(['c']);
      // The item's id is new again once its source was deleted and re-added.
      await sut.insertSource(source(A, 's-2', 'amy', 'https://example.org/amy.xml'), state('acme', 's-2', 1));
      expect((await sut.recordItems(A, 's-2', [item('c')], 90_000)).map((i) => i.id)).toEqual(['c']);
    });

    it('deletes a creator with its sources and everything under them', async () => {
      expect(await sut.deleteCreator(A, 'zed')).toBe(true);
      expect(await sut.deleteCreator(A, 'zed')).toBe(false);
      expect(await sut.getSource(A, 's-1')).toBeUndefined();
      expect(await sut.getState(A, 's-1')).toBeUndefined();
      expect(await sut.recentItems(A, 's-1', 100)).toEqual([]);
      expect(await sut.checksSince(A, 's-1', 0)).toEqual([]);
      expect((await sut.listCreators(A)).map((c) => c.id)).toEqual(['amy']);
      expect((await sut.listSources(A)).map((s) => s.id)).toEqual(['s-2']);
      expect((await sut.listSources(B)).map((s) => s.id)).toEqual(['s-1']);
    });
  });
}
