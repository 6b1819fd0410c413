import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ALERT_SINK, type AlertSinkPort } from '../../src/core/ports/alert-sink.port';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { FeedServer, type ServedEntry } from '../fixtures/feed-server';
import { jsonBody } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { testDataDir } from '../fixtures/test-config';

interface Summary {
  readonly status: string;
  readonly errorKind: string | null;
  readonly newItems: number;
  readonly runsStarted: number;
}

interface Item {
  readonly id: string;
  readonly url: string;
  readonly runId: string | null;
}

const T = Date.UTC(2026, 11, 1, 12);
const entry = (id: string, hoursAgo: number): ServedEntry => ({
  id,
  title: `Post ${id}`,
  published: T - hoursAgo * 3.6e6,
});

/** A hub on loopback that records subscription requests and accepts them (202). */
class HubRecorder {
  readonly requests: Record<string, string>[] = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      this.requests.push(Object.fromEntries(new URLSearchParams(body)));
      res.writeHead(202).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hub`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Monitoring end to end against feeds served on loopback: a source checked for real, its new items turned into
 * content runs linked from the items, conditional GETs answered 304, failures recorded as errors with the state
 * kept and raised as alerts, and a WebSub subscription verified and pushed to.
 */
describe('monitoring feeds (e2e)', () => {
  let t: TestApp;
  const feeds = new FeedServer();
  const hub = new HubRecorder();
  let hubUrl = '';
  let sourceId = '';
  const dataDir = testDataDir();
  const config = () => ({
    persistence: { dataDir },
    content: { allowedCidrs: ['127.0.0.0/8'], ytDlp: 'off' },
    monitoring: { websub: { callbackBaseUrl: 'https://crew.example.invalid' } },
  });

  beforeAll(async () => {
    await feeds.start();
    hubUrl = await hub.start();
    feeds.setEntries('amy', [entry('a2', 24), entry('a1', 48)]);
    feeds.behave('amy', { hub: hubUrl });
    t = await createTestApp(config());
    await t.request({ method: 'POST', url: '/monitoring/creators', payload: { id: 'amy', name: 'Amy' } });
    const added = await t.request({
      method: 'POST',
      url: '/monitoring/sources',
      payload: { creatorId: 'amy', platform: 'feed', locator: feeds.url('amy'), enabled: true, intervalSeconds: 300 },
    });
    expect(added.statusCode).toBe(201);
    sourceId = jsonBody<{ id: string }>(added).id;
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
    await feeds.stop();
    await hub.stop();
  }, BOOT_TIMEOUT_MS);

  /** Checks answered 304, counted for the metrics. */
  let notModified = 0;
  const check = async (): Promise<Summary> => {
    const res = await t.request({ method: 'POST', url: `/monitoring/sources/${sourceId}/check` });
    expect(res.statusCode).toBe(200);
    const summary = jsonBody<Summary>(res);
    if (summary.status === 'not_modified') notModified++;
    return summary;
  };
  const items = async () =>
    jsonBody<{ items: Item[] }>(await t.request({ method: 'GET', url: `/monitoring/sources/${sourceId}/items` })).items;
  const brief = (s: Summary) => [s.status, s.errorKind, s.newItems, s.runsStarted];

  it('finds the feed’s items once, starts a run for each, and links each item to its run', async () => {
    expect(brief(await check())).toEqual(['ok', null, 2, 2]);
    const seen = await items();
    expect(seen.map((i) => [i.id, i.url])).toEqual([
      ['urn:post:a2', `${feeds.base}/posts/a2`],
      ['urn:post:a1', `${feeds.base}/posts/a1`],
    ]);
    for (const item of seen) {
      const run = await t.request({ method: 'GET', url: `/autointel/${item.runId}` });
      expect([run.statusCode, jsonBody<{ url: string; mode: string }>(run).url]).toEqual([200, item.url]);
    }
  });

  it('sends the ETag back exactly and gets a 304 for an unchanged feed: no new item, no run', async () => {
    const first = feeds.requestsOf('amy')[0];
    expect([first.status, first.ifNoneMatch, first.acceptEncoding]).toEqual([200, undefined, 'gzip, deflate, br']);
    expect(brief(await check())).toEqual(['not_modified', null, 0, 0]);
    const second = feeds.requestsOf('amy')[1];
    expect(second.status).toBe(304);
    expect(second.ifNoneMatch).toMatch(/^"[0-9a-f]{16}"$/);
    expect(second.ifModifiedSince).toBe(new Date(Date.UTC(2026, 11, 1) + 1000).toUTCString());
  });

  it('finds one new item after a post, and only that one', async () => {
    feeds.publish('amy', entry('a3', 1));
    expect(brief(await check())).toEqual(['ok', null, 1, 1]);
    expect((await items()).map((i) => i.id)).toEqual(['urn:post:a3', 'urn:post:a2', 'urn:post:a1']);
  });

  it('subscribed to the hub the feed names, answers its verification and takes a signed push as a hint', async () => {
    expect(hub.requests).toHaveLength(1);
    const [request] = hub.requests;
    expect(request).toMatchObject({
      'hub.mode': 'subscribe',
      'hub.topic': feeds.url('amy'),
      'hub.lease_seconds': '432000',
    });
    const callback = new URL(request['hub.callback']);
    expect(callback.origin).toBe('https://crew.example.invalid');
    const query = new URLSearchParams({
      'hub.mode': 'subscribe',
      'hub.topic': feeds.url('amy'),
      'hub.challenge': 'ch-42',
      'hub.lease_seconds': '3600',
    });
    const verified = await t.request({ method: 'GET', url: `${callback.pathname}?${query.toString()}` });
    expect([verified.statusCode, verified.body]).toEqual([200, 'ch-42']);
    const wrong = await t.request({
      method: 'GET',
      url: `${callback.pathname}?${query.toString()}`.replace('amy', 'bob'),
    });
    expect([wrong.statusCode, jsonBody<{ error: string }>(wrong).error]).toEqual([
      404,
      `no such subscription request: hub.topic ${feeds.url('bob')} is not ${feeds.url('amy')}`,
    ]);
    const state = jsonBody<{ state: { websub: Record<string, unknown> } }>(
      await t.request({ method: 'GET', url: `/monitoring/sources/${sourceId}` }),
    ).state.websub;
    expect(state).toMatchObject({ verified: true, hubUrl });
    expect(state).not.toHaveProperty('secret');

    feeds.publish('amy', entry('a4', 0));
    const body = '<feed><entry><id>urn:post:a4</id></entry></feed>';
    const requestsBefore = feeds.requestsOf('amy').length;
    const forged = await t.request({
      method: 'POST',
      url: callback.pathname,
      headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': `sha256=${'0'.repeat(64)}` },
      payload: body,
    });
    expect(forged.statusCode).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(feeds.requestsOf('amy')).toHaveLength(requestsBefore);
    const signature = `sha256=${createHmac('sha256', request['hub.secret']).update(body).digest('hex')}`;
    const pushed = await t.request({
      method: 'POST',
      url: callback.pathname,
      headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': signature },
      payload: body,
    });
    expect(pushed.statusCode).toBe(202);
    for (let i = 0; i < 200 && (await items()).length < 4; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await items()).map((i) => i.id)).toEqual(['urn:post:a4', 'urn:post:a3', 'urn:post:a2', 'urn:post:a1']);
    // The pushed check may still be finishing (its items are stored before its runs start): a check now joins it,
    // or, once it is over, finds the feed unchanged. Either way nothing is new twice.
    const settled = await check();
    expect(
      [
        ['ok', null, 1, 1],
        ['not_modified', null, 0, 0],
      ].map(String),
    ).toContain(String(brief(settled)));
  });

  it('records a 503 and a feed that drops every item as errors, keeps what it knew, and raises the failing alert', async () => {
    const sink = t.app.get<AlertSinkPort>(ALERT_SINK, { strict: false });
    feeds.behave('amy', { status: 503, retryAfter: '1' });
    expect(brief(await check())).toEqual(['error', 'rate_limited', 0, 0]);
    feeds.behave('amy', { hub: hubUrl });
    feeds.setEntries('amy', []);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(brief(await check())).toEqual(['error', 'emptied', 0, 0]);
    expect((await items()).map((i) => i.id)).toHaveLength(4);
    // Checks so far: ok, 304, ok, ok (the push), maybe one more 304, 503, emptied: under half failed, no alert yet.
    expect(sink.activeKeys('monitoring:failing:')).toEqual([]);
    // Each further check of the emptied feed fails too, until half of the window's checks have failed.
    let failed = 2;
    while (sink.activeKeys('monitoring:failing:').length === 0 && failed < 8) {
      expect(brief(await check())).toEqual(['error', 'emptied', 0, 0]);
      failed++;
    }
    expect([failed >= 4, sink.activeKeys('monitoring:failing:')]).toEqual([
      true,
      [`monitoring:failing:default:${sourceId}`],
    ]);
    expect((await items()).map((i) => i.id)).toHaveLength(4);

    feeds.setEntries('amy', [entry('a5', 0), entry('a4', 1)]);
    expect(brief(await check())).toEqual(['ok', null, 1, 1]);
    // Unchanged checks bring the share of failures back under half: the alert resolves by itself.
    let passed = 1;
    while (sink.activeKeys('monitoring:failing:').length > 0 && passed < 10) {
      expect(brief(await check())).toEqual(['not_modified', null, 0, 0]);
      passed++;
    }
    expect(sink.activeKeys('monitoring:failing:')).toEqual([]);
  });

  it('counts its checks in the Prometheus metrics', async () => {
    const text = (await t.request({ method: 'GET', url: '/metrics' })).body;
    const value = (name: string) =>
      Number(new RegExp(`^\\w*${name}\\{[^}]*platform="feed"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1]);
    expect([value('monitoring_items_new_total'), value('monitoring_runs_started_total')]).toEqual([5, 5]);
    expect(value('monitoring_http_not_modified_total')).toBe(notModified);
    expect(notModified).toBeGreaterThan(0);
  });

  it(
    'after a restart over the same database, finds no item new again and starts no run',
    async () => {
      await t.close();
      t = await createTestApp(config());
      feeds.behave('amy', undefined);
      feeds.setEntries('amy', [entry('a5', 0), entry('a4', 1), entry('a3', 2)]);
      expect(brief(await check())).toEqual(['ok', null, 0, 0]);
      expect((await items()).map((i) => i.id)).toEqual([
        'urn:post:a5',
        'urn:post:a4',
        'urn:post:a3',
        'urn:post:a2',
        'urn:post:a1',
      ]);
    },
    BOOT_TIMEOUT_MS,
  );

  it('refuses a private feed address the content policy does not allow, naming the field', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/monitoring/sources',
      payload: { creatorId: 'amy', platform: 'feed', locator: 'http://10.1.2.3/feed.xml' },
    });
    expect(res.statusCode).toBe(400);
    expect(jsonBody<{ error: string }>(res).error).toBe(
      'locator host 10.1.2.3 is in the private range, refused by the address policy (content.allowedCidrs)',
    );
  });
});
