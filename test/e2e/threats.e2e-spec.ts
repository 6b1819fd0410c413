import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ManualClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { ThreatService } from '../../src/infrastructure/security/threats/threat.service';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { TestOrchestratorsModule } from '../fixtures/orchestrators';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { appTestConfig } from '../fixtures/test-config';
import { bearer } from '../fixtures/test-keys';

interface ThreatView {
  threatType: string;
  threatLevel: string;
  keyId?: string;
  status: string;
  mitigationAction?: string;
  metadata: Record<string, unknown>;
}

interface EntryView {
  kind: string;
  value: string;
  until: string;
  reason: string;
}

/** Injects a request into an app (the test admin key unless another is sent). */
type Send = TestApp['request'];

/** Creates a key in `tenant` with the test admin key; returns its text. */
async function keyFor(send: Send, tenant: string, roles: string[]): Promise<string> {
  const res = await send({
    method: 'POST',
    url: '/security/keys',
    headers: { 'x-tenant-id': tenant },
    payload: { name: `${tenant} ${roles.join('+')}`, roles },
  });
  expect(res.statusCode).toBe(201);
  return jsonBody<{ data: { key: string } }>(res).data.key;
}

const threatsOf = async (send: Send) =>
  jsonBody<{ data: { threats: ThreatView[] } }>(await send({ method: 'GET', url: '/security/threats' })).data.threats;

describe('rate-limit denials feed the threat engine (fake clock: no refill)', () => {
  let app: NestFastifyApplication;
  let send: Send;

  beforeAll(async () => {
    app = await createApp({
      config: appTestConfig({
        rateLimit: { enabled: true, scopes: { user: { perMinute: 60, burst: 10 } } },
        threats: { rateLimitDenialsPerWindow: 5 },
      }),
      imports: [TestOrchestratorsModule],
      ids: sequentialIds('thr'),
      clock: new ManualClock(Date.parse('2027-01-15T08:00:00Z')),
    });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    send = (options) => fastify.inject(options);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => app?.close(), BOOT_TIMEOUT_MS);

  it('a key refused more than 5 times a minute raises rate_limit_exceeded, mitigated by a 600 s cooldown', async () => {
    const key = await keyFor(send, 'default', ['user']);
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++)
      statuses.push((await send({ method: 'GET', url: '/orchestrators', headers: bearer(key) })).statusCode);
    expect(statuses).toEqual([...Array<number>(10).fill(200), ...Array<number>(6).fill(429)]);
    // The threat is stored and mitigated after the 429 that raised it was sent: wait for it without requests.
    const threats = app.get(ThreatService);
    for (let i = 0; i < 100; i++) {
      const [found] = await threats.list({ tenantId: 'default' }, ['mitigated']);
      if (found) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const found = (await threatsOf(send)).filter((th) => th.threatType === 'rate_limit_exceeded');
    expect(found.map((th) => [th.threatLevel, th.keyId, th.status, th.mitigationAction])).toEqual([
      ['high', key.split('.')[0], 'mitigated', 'rate_limit'],
    ]);
    expect(found[0].metadata).toEqual({
      detector: 'rate_limit_denials',
      scopes: ['principal', 'ip'],
      limit: 5,
      window_ms: 60_000,
      rate_limit_scope: 'user',
      rate_limit_reason: 'cooldown',
    });
    const refused = await send({ method: 'GET', url: '/orchestrators', headers: bearer(key) });
    expect([refused.statusCode, refused.headers['retry-after']]).toEqual([429, '600']);
    expect(refused.json<{ error: string }>().error).toBe(
      'too many requests: this user is cooling down; retry in 600 s',
    );
  });
});

describe('the blocklist routes (an operator’s)', () => {
  let t: TestApp;
  let user: string;
  let tenantAdmin: string;

  beforeAll(async () => {
    t = await createTestApp();
    user = await keyFor((o) => t.request(o), 'acme', ['user']);
    tenantAdmin = await keyFor((o) => t.request(o), 'acme', ['admin']);
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  const call = (key: string) => t.request({ method: 'GET', url: '/orchestrators', headers: bearer(key) });

  it('block a principal at once, list it, and lift it', async () => {
    const id = user.split('.')[0];
    const added = await t.request({
      method: 'POST',
      url: '/security/blocklist',
      payload: { kind: 'principal', value: id, ttlSeconds: 60, reason: ' credential stuffing ' },
    });
    expect(added.statusCode).toBe(201);
    const entry = added.json<{ data: { entry: EntryView } }>().data.entry;
    expect([entry.kind, entry.value, entry.reason, Date.parse(entry.until) - Date.now() <= 60_000]).toEqual([
      'principal',
      id,
      'credential stuffing',
      true,
    ]);
    const refused = await call(user);
    expect([refused.statusCode, Number(refused.headers['retry-after']) > 55]).toEqual([403, true]);
    const list = await t.request({ method: 'GET', url: '/security/blocklist' });
    expect(list.json<{ data: { entries: EntryView[] } }>().data.entries).toEqual([entry]);
    const lifted = await t.request({ method: 'DELETE', url: `/security/blocklist/principal/${id}` });
    expect([lifted.statusCode, lifted.json<{ data: unknown }>().data]).toEqual([
      200,
      { removed: { kind: 'principal', value: id } },
    ]);
    expect((await call(user)).statusCode).toBe(200);
    const again = await t.request({ method: 'DELETE', url: `/security/blocklist/principal/${id}` });
    expect([again.statusCode, again.json<{ error: string }>().error]).toEqual([
      404,
      `No blocklist entry for principal ${id}`,
    ]);
  });

  it('refuse a subject that does not fit its kind with 400 naming the field', async () => {
    for (const payload of [
      { kind: 'ip', value: 'ck_00000000000000f0', reason: 'x' },
      { kind: 'principal', value: 'anonymous', reason: 'x' },
    ]) {
      const res = await t.request({ method: 'POST', url: '/security/blocklist', payload });
      expect([res.statusCode, res.json<{ error: string }>().error]).toEqual([
        400,
        'value must be an IP address for kind ip, a key id (ck_<16 hex digits>) for kind principal',
      ]);
    }
    const bad = await t.request({ method: 'DELETE', url: '/security/blocklist/cidr/10.0.0.0' });
    expect([bad.statusCode, bad.json<{ error: string }>().error]).toEqual([
      400,
      'input.kind must be one of the following values: ip, principal',
    ]);
  });

  it("refuse a tenant's admin: an entry applies to every tenant", async () => {
    const asTenantAdmin = bearer(tenantAdmin);
    const answers = await Promise.all([
      t.request({ method: 'GET', url: '/security/blocklist', headers: asTenantAdmin }),
      t.request({
        method: 'POST',
        url: '/security/blocklist',
        headers: asTenantAdmin,
        payload: { kind: 'ip', value: '203.0.113.9', reason: 'x' },
      }),
      t.request({ method: 'DELETE', url: '/security/blocklist/ip/203.0.113.9', headers: asTenantAdmin }),
    ]);
    expect(answers.map((a) => [a.statusCode, a.json<{ error: string }>().error])).toEqual(
      Array(3).fill([403, 'the blocklist applies to every tenant: only an operator may read or change it']),
    );
    expect((await t.request({ method: 'GET', url: '/security/blocklist' })).json()).toMatchObject({
      data: { entries: [] },
    });
  });
});
