import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { bearer } from '../fixtures/test-keys';

interface SourceBody {
  readonly id: string;
  readonly tenantId: string;
  readonly creatorId: string;
  readonly platform: string;
  readonly locator: string;
  readonly enabled: boolean;
  readonly priority: number;
  readonly intervalSeconds: number;
  readonly jitterSeconds: number;
  readonly youtubeKind: string | null;
  readonly quietHours: unknown;
  readonly runMode: string;
  readonly runDepth: string;
  readonly state: { readonly nextCheckAt: number | null; readonly currentIntervalSeconds: number } | null;
}

const CHANNEL = 'UC' + 'q'.repeat(22);

/** `realtime_monitoring`'s catalog over REST and GraphQL: creators, sources, seed, OPML; the engine routes without an engine. */
describe('monitoring catalog (REST)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ content: { allowedCidrs: ['127.0.0.0/8'] } });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  const post = (url: string, payload: object) => t.request({ method: 'POST', url, payload });
  const patch = (url: string, payload: object) => t.request({ method: 'PATCH', url, payload });
  const get = (url: string) => t.request({ method: 'GET', url });
  const del = (url: string) => t.request({ method: 'DELETE', url });
  const error = (res: { statusCode: number; json: () => unknown }) => [
    res.statusCode,
    (res.json() as { error: string }).error,
  ];

  describe('creators', () => {
    it('adds, reads, updates, lists and refuses a duplicate (409) or an unknown one (404)', async () => {
      const added = await post('/monitoring/creators', { id: 'tech_news', name: 'Tech News', tier: 2 });
      expect(added.statusCode).toBe(201);
      expect(added.json()).toMatchObject({ id: 'tech_news', name: 'Tech News', tier: 2, tenantId: 'default' });
      expect(error(await post('/monitoring/creators', { id: 'tech_news' }))).toEqual([
        409,
        'id: creator tech_news already exists',
      ]);
      expect(error(await post('/monitoring/creators', { id: 'Tech News' }))).toEqual([
        400,
        'id must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit',
      ]);
      expect(error(await post('/monitoring/creators', { id: 'x', tier: 9 }))).toEqual([
        400,
        'tier must be an integer from 1 to 5, or null',
      ]);
      const updated = await patch('/monitoring/creators/tech_news', { tier: null });
      expect(updated.json()).toMatchObject({ id: 'tech_news', name: 'Tech News', tier: null });
      expect(error(await get('/monitoring/creators/nobody'))).toEqual([404, 'No creator "nobody" in this tenant']);
      expect(error(await patch('/monitoring/creators/nobody', { name: 'X' }))).toEqual([
        404,
        'No creator "nobody" in this tenant',
      ]);
      const list = jsonBody<{ creators: { id: string }[] }>(await get('/monitoring/creators'));
      expect(list.creators.map((c) => c.id)).toEqual(['tech_news']);
    });
  });

  describe('sources', () => {
    let sourceId = '';

    it('adds a feed source with the configured defaults, disabled, and reads it back with its state', async () => {
      const res = await post('/monitoring/sources', {
        creatorId: 'tech_news',
        platform: 'feed',
        locator: 'http://127.0.0.1:9/feed.xml',
      });
      expect(res.statusCode).toBe(201);
      const source = jsonBody<SourceBody>(res);
      sourceId = source.id;
      expect(source).toMatchObject({
        creatorId: 'tech_news',
        platform: 'feed',
        locator: 'http://127.0.0.1:9/feed.xml',
        enabled: false,
        priority: 3,
        intervalSeconds: 300,
        jitterSeconds: 30,
        youtubeKind: null,
        quietHours: null,
        runMode: 'fallback',
        runDepth: 'standard',
        state: { nextCheckAt: null, currentIntervalSeconds: 300 },
      });
      expect(jsonBody<SourceBody>(await get(`/monitoring/sources/${sourceId}`))).toEqual(source);
    });

    it('refuses bad input with 4xx naming the field', async () => {
      const base = { creatorId: 'tech_news', platform: 'feed', locator: 'https://feeds.example.invalid/a.xml' };
      const cases: [object, number, string][] = [
        [
          { ...base, platform: 'myspace' },
          400,
          'platform must be one of: youtube, reddit, feed, twitch, tiktok, instagram, twitter, discord',
        ],
        [{ ...base, locator: 'file:///etc/passwd' }, 400, 'locator must be an http(s) URL for a feed source'],
        [
          { ...base, locator: 'http://10.1.2.3/feed' },
          400,
          'locator host 10.1.2.3 is in the private range, refused by the address policy (content.allowedCidrs)',
        ],
        [
          { ...base, locator: 'http://127.0.0.1:9/feed.xml' },
          409,
          'locator: a feed source http://127.0.0.1:9/feed.xml already exists',
        ],
        [{ ...base, intervalSeconds: 30 }, 400, 'intervalSeconds must be an integer from 60 to 86400'],
        [{ ...base, intervalSeconds: 90_000 }, 400, 'intervalSeconds must be an integer from 60 to 86400'],
        [{ ...base, priority: 0 }, 400, 'priority must be an integer from 1 (highest) to 5'],
        [
          { ...base, quietHours: { start: '25:00', end: '07:00', timeZone: 'UTC' } },
          400,
          'quietHours.start must be a time HH:MM (00:00-23:59)',
        ],
        [
          { ...base, quietHours: { start: '23:00', end: '07:00', timeZone: 'Nowhere/City' } },
          400,
          'quietHours.timeZone must be an IANA time zone such as Europe/Paris, not "Nowhere/City"',
        ],
        [
          { ...base, platform: 'twitch', locator: 'hasanabi', enabled: true },
          400,
          'enabled: there is no watcher for twitch (it has no public feed); the source can be stored but not enabled',
        ],
        [{ ...base, creatorId: 'nobody' }, 404, 'creatorId: no creator nobody'],
        [{ ...base, tenantId: 'other' }, 400, 'tenantId is not an allowed field'],
      ];
      const answers = [];
      for (const [payload] of cases) answers.push(error(await post('/monitoring/sources', payload)));
      expect(answers).toEqual(cases.map(([, status, message]) => [status, message]));
    });

    it('updates the schedule: enabling plans the next check one interval ahead, disabling clears it', async () => {
      const enabled = jsonBody<SourceBody>(
        await patch(`/monitoring/sources/${sourceId}`, {
          enabled: true,
          intervalSeconds: 600,
          priority: 1,
          quietHours: { start: '23:00', end: '07:00', timeZone: 'Europe/Paris' },
        }),
      );
      expect(enabled).toMatchObject({ enabled: true, intervalSeconds: 600, priority: 1 });
      expect(enabled.state?.currentIntervalSeconds).toBe(600);
      expect(typeof enabled.state?.nextCheckAt).toBe('number');
      const disabled = jsonBody<SourceBody>(await patch(`/monitoring/sources/${sourceId}`, { enabled: false }));
      expect(disabled.state?.nextCheckAt).toBeNull();
      expect(error(await patch('/monitoring/sources/missing', { enabled: false }))).toEqual([
        404,
        'No source "missing" in this tenant',
      ]);
    });

    it('lists sources by creator, removes one (404 after), and a creator with its sources', async () => {
      const yt = jsonBody<SourceBody>(
        await post('/monitoring/sources', {
          creatorId: 'tech_news',
          platform: 'youtube',
          locator: CHANNEL,
          enabled: true,
        }),
      );
      expect([yt.youtubeKind, yt.enabled]).toEqual(['all', true]);
      const listed = jsonBody<{ sources: SourceBody[] }>(await get('/monitoring/sources?creatorId=tech_news'));
      expect(listed.sources.map((s) => s.platform)).toEqual(['feed', 'youtube']);
      expect((await del(`/monitoring/sources/${yt.id}`)).json()).toEqual({ removed: yt.id });
      expect((await del(`/monitoring/sources/${yt.id}`)).statusCode).toBe(404);
      expect((await del('/monitoring/creators/tech_news')).json()).toEqual({ removed: 'tech_news', sources: 1 });
      expect((await get(`/monitoring/sources/${sourceId}`)).statusCode).toBe(404);
      expect(jsonBody<{ creators: unknown[] }>(await get('/monitoring/creators')).creators).toEqual([]);
    });
  });

  describe('seed', () => {
    it('creates the 13 creators and 39 disabled sources once; a second seed creates nothing', async () => {
      const first = await post('/monitoring/seed', {});
      expect([first.statusCode, first.json()]).toEqual([
        200,
        { creators: { created: 13, existing: 0 }, sources: { created: 39, existing: 0 } },
      ]);
      expect((await post('/monitoring/seed', {})).json()).toEqual({
        creators: { created: 0, existing: 13 },
        sources: { created: 0, existing: 39 },
      });
      const sources = jsonBody<{ sources: SourceBody[] }>(await get('/monitoring/sources')).sources;
      const perPlatform: Record<string, number> = {};
      for (const s of sources) perPlatform[s.platform] = (perPlatform[s.platform] ?? 0) + 1;
      expect(perPlatform).toEqual({ youtube: 13, twitter: 13, instagram: 7, twitch: 3, tiktok: 3 });
      expect(sources.filter((s) => s.enabled)).toEqual([]);
      const h3 = jsonBody<{ tier: number; sources: SourceBody[] }>(await get('/monitoring/creators/h3_podcast'));
      expect([h3.tier, h3.sources.map((s) => `${s.platform}:${s.locator}`)]).toEqual([
        1,
        ['instagram:h3_podcast', 'tiktok:h3_podcast', 'twitter:h3_podcast', 'youtube:h3_podcast'],
      ]);
    });

    it('enables a seeded YouTube source only once its locator is a channel id', async () => {
      const sources = jsonBody<{ sources: SourceBody[] }>(
        await get('/monitoring/sources?creatorId=h3_podcast'),
      ).sources;
      const yt = sources.find((s) => s.platform === 'youtube')!;
      expect(error(await patch(`/monitoring/sources/${yt.id}`, { enabled: true }))).toEqual([
        400,
        'enabled: a youtube source is read through its channel id (UC…) or a playlist id; set locator to one first',
      ]);
      const enabled = await patch(`/monitoring/sources/${yt.id}`, { enabled: true, locator: CHANNEL });
      expect(enabled.json()).toMatchObject({ enabled: true, locator: CHANNEL });
    });
  });

  describe('OPML', () => {
    it('exports every source under its creator and imports it back into an empty tenant the same', async () => {
      const exported = await get('/monitoring/opml');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(exported.body).toContain(`xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${CHANNEL}"`);
      const other = { 'content-type': 'text/xml', 'x-tenant-id': 'roundtrip' };
      const imported = await t.request({
        method: 'POST',
        url: '/monitoring/opml',
        headers: other,
        payload: exported.body,
      });
      expect(imported.json()).toMatchObject({ created: 39, skipped: 0, errors: 0, creatorsCreated: 13 });
      const back = await t.request({ method: 'GET', url: '/monitoring/opml', headers: { 'x-tenant-id': 'roundtrip' } });
      expect(back.body.replace('catalog of roundtrip', 'catalog of default')).toBe(exported.body);
      const again = await t.request({
        method: 'POST',
        url: '/monitoring/opml',
        headers: { 'content-type': 'text/xml' },
        payload: exported.body,
      });
      expect(again.json()).toMatchObject({ created: 0, skipped: 39, errors: 0, creatorsCreated: 0 });
    });

    it('imports a reader’s OPML: a creator per folder, feeds and YouTube channels, a report per outline', async () => {
      const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Reader</title></head><body>
        <outline text="Science Blogs">
          <outline text="Lab" xmlUrl="http://127.0.0.1:9/lab.xml"/>
          <outline text="Tube" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${'UC' + 'z'.repeat(22)}"/>
          <outline text="Intranet" xmlUrl="http://10.0.0.5/feed"/>
        </outline></body></opml>`;
      const res = await t.request({
        method: 'POST',
        url: '/monitoring/opml?enable=true',
        headers: { 'content-type': 'application/xml' },
        payload: opml,
      });
      expect(res.statusCode).toBe(200);
      const report = jsonBody<{ outlines: { status: string; platform: string; error?: string }[] }>(res);
      expect(report).toMatchObject({ created: 2, skipped: 0, errors: 1, creatorsCreated: 1 });
      expect(report.outlines.map((o) => [o.status, o.platform, o.error ?? null])).toEqual([
        ['created', 'feed', null],
        ['created', 'youtube', null],
        [
          'error',
          'feed',
          'locator host 10.0.0.5 is in the private range, refused by the address policy (content.allowedCidrs)',
        ],
      ]);
      const science = jsonBody<{ sources: SourceBody[] }>(await get('/monitoring/sources?creatorId=science_blogs'));
      expect(science.sources.map((s) => [s.platform, s.enabled])).toEqual([
        ['feed', true],
        ['youtube', true],
      ]);
      expect(
        error(
          await t.request({
            method: 'POST',
            url: '/monitoring/opml',
            headers: { 'content-type': 'text/xml' },
            payload: '<rss/>',
          }),
        ),
      ).toEqual([400, 'body is not an OPML document (Invalid OPML format)']);
    });
  });

  describe('OPML body limit', () => {
    it('refuses a document over 1 MiB with 413 naming the limit (the route’s, here also the server’s ceiling)', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/monitoring/opml',
        headers: { 'content-type': 'text/xml' },
        payload: `<opml version="2.0"><body>${' '.repeat(1024 * 1024)}</body></opml>`,
      });
      expect(error(res)).toEqual([413, 'body is larger than the limit of 1048576 bytes (server.bodyLimitBytes)']);
    });
  });

  describe('permissions', () => {
    it('lets a viewer read, a user manage the catalog, and only an operator start the scheduler', async () => {
      const key = async (roles: string[]) => {
        const res = await post('/security/keys', { name: roles[0], roles });
        return bearer(jsonBody<{ data: { key: string } }>(res).data.key);
      };
      const [viewer, user] = [await key(['viewer']), await key(['user'])];
      const as = (headers: Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) =>
        t.request({ method, url, headers, ...(payload ? { payload } : {}) });
      const answers = [
        await as(viewer, 'GET', '/monitoring/creators'),
        await as(viewer, 'POST', '/monitoring/creators', { id: 'by_viewer' }),
        await as(user, 'POST', '/monitoring/creators', { id: 'by_user' }),
        await as(user, 'POST', '/monitoring/start', {}),
      ];
      expect(answers.map(error)).toEqual([
        [200, undefined],
        [403, 'this API key lacks the permission realtime_monitoring.manage'],
        [201, undefined],
        [403, 'this API key lacks the permission realtime_monitoring.admin'],
      ]);
    });
  });

  describe('engine routes', () => {
    it('start and stop this instance’s scheduler once each, report status, and refuse checking an unknown source', async () => {
      const bodies = async (res: Promise<{ statusCode: number; json: () => unknown }>) => {
        const r = await res;
        return [r.statusCode, r.json()];
      };
      expect(await bodies(post('/monitoring/start', {}))).toEqual([200, { started: true }]);
      expect(await bodies(post('/monitoring/start', {}))).toEqual([200, { started: false }]);
      expect(jsonBody<{ running: boolean }>(await get('/monitoring/status')).running).toBe(true);
      expect((await get('/monitoring/next-checks')).statusCode).toBe(200);
      expect(await bodies(post('/monitoring/stop', {}))).toEqual([200, { stopped: true }]);
      expect(await bodies(post('/monitoring/stop', {}))).toEqual([200, { stopped: false }]);
      expect(jsonBody<{ running: boolean }>(await get('/monitoring/status')).running).toBe(false);
      expect(error(await post('/monitoring/sources/any/check', {}))).toEqual([404, 'No source "any" in this tenant']);
    });
  });

  describe('GraphQL', () => {
    it('lists creators and sources, adds a creator, and updates a source’s settings (null removes quiet hours)', async () => {
      const added = await t.graphql<{ addMonitoringCreator: { id: string; tier: number | null } }>(
        'mutation { addMonitoringCreator(id: "gql_creator", tier: 3) { id tier } }',
      );
      expect(added.data?.addMonitoringCreator).toEqual({ id: 'gql_creator', tier: 3 });
      const read = await t.graphql<{ monitoringSources: { platform: string; locator: string }[] }>(
        'query { monitoringSources(creatorId: "hasan_piker") { platform locator } }',
      );
      expect(read.data?.monitoringSources.map((s) => s.platform)).toEqual(['tiktok', 'twitch', 'twitter', 'youtube']);
      const twitch = jsonBody<{ sources: SourceBody[] }>(await get('/monitoring/sources?creatorId=hasan_piker'))
        .sources[1];
      await patch(`/monitoring/sources/${twitch.id}`, {
        quietHours: { start: '22:00', end: '06:00', timeZone: 'UTC' },
      });
      const updated = await t.graphql<{ updateMonitoringSource: { priority: number; quietHours: null } }>(
        'mutation($id: String!, $s: JSONObject!) { updateMonitoringSource(sourceId: $id, settings: $s) { priority quietHours { start } } }',
        { id: twitch.id, s: { priority: 2, quietHours: null } },
      );
      expect(updated.data?.updateMonitoringSource).toEqual({ priority: 2, quietHours: null });
    });
  });
});
