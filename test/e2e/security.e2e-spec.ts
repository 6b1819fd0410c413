import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditLogService } from '../../src/infrastructure/security/audit/audit-log.service';
import { ManualClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { TestOrchestratorsModule } from '../fixtures/orchestrators';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { appTestConfig } from '../fixtures/test-config';
import { ANONYMOUS, bearer, TEST_ADMIN_KEY } from '../fixtures/test-keys';

interface CreatedKey {
  status: 'ok';
  data: { key: string; view: { prefix: string; tenantId: string; roles: string[]; status: string } };
}

/** Creates a key in `tenant` with the test admin key (which may act for any tenant); returns its text. */
async function keyFor(
  t: TestApp,
  tenant: string,
  roles: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: '/security/keys',
    headers: { 'x-tenant-id': tenant },
    payload: { name: `${tenant} ${roles.join('+')}`, roles, ...extra },
  });
  expect(res.statusCode).toBe(201);
  return jsonBody<CreatedKey>(res).data.key;
}

const echo = (t: TestApp, headers: Record<string, string>, context?: Record<string, unknown>) =>
  t.request({ method: 'POST', url: '/orchestrators/echo/orchestrate', headers, payload: { input: { a: 1 }, context } });

describe('security boundary (API keys, permissions, tenants)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  describe('authentication', () => {
    it('answers 401 with WWW-Authenticate to a request without a key, on Nest routes and on the hot route', async () => {
      for (const [method, url] of [
        ['GET', '/orchestrators'],
        ['POST', '/orchestrators/echo/orchestrate'],
        ['GET', '/metrics'],
        ['GET', '/docs/json'],
        ['POST', '/graphql'],
      ] as const) {
        const res = await t.request({ method, url, headers: ANONYMOUS, payload: method === 'POST' ? {} : undefined });
        expect([url, res.statusCode, res.headers['www-authenticate']]).toEqual([url, 401, 'Bearer realm="crew"']);
        expect(res.json()).toEqual({
          status: 'error',
          category: 'unauthorized',
          error: 'an API key is required: send Authorization: Bearer <key> (or x-api-key)',
          retryable: false,
          statusCode: 401,
        });
      }
    });

    it('keeps GET /health open', async () => {
      expect((await t.request({ method: 'GET', url: '/health', headers: ANONYMOUS })).statusCode).toBe(200);
    });

    it.each([
      ['malformed', 'not-a-key'],
      ['unknown_key', 'ck_ffffffffffffffff.' + 'B'.repeat(43)],
      ['bad_secret', TEST_ADMIN_KEY.slice(0, -1) + 'B'],
    ])('refuses a %s key with 401 and counts it in auth_failures_total', async (reason, key) => {
      const res = await t.request({ method: 'GET', url: '/orchestrators', headers: bearer(key) });
      expect([res.statusCode, res.json<{ error: string }>().error]).toEqual([
        401,
        'the API key is invalid, expired or revoked',
      ]);
      const metrics = (await t.request({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(new RegExp(`auth_failures_total\\{reason="${reason}"\\} 1\\b`));
    });

    it('accepts the key in x-api-key as well as in Authorization', async () => {
      const res = await t.request({ method: 'GET', url: '/orchestrators', headers: { 'x-api-key': TEST_ADMIN_KEY } });
      expect(res.statusCode).toBe(200);
    });
  });

  describe('tenancy comes from the key', () => {
    it("runs an orchestration in the key's tenant, whatever the request names", async () => {
      const key = await keyFor(t, 'acme', ['user']);
      const own = await echo(t, bearer(key));
      expect([own.statusCode, own.json<{ data: { tenantId: string } }>().data.tenantId]).toEqual([200, 'acme']);
      const same = await echo(t, bearer(key), { tenantId: 'acme' });
      expect(same.statusCode).toBe(200);
      for (const res of [
        await echo(t, bearer(key), { tenantId: 'globex' }),
        await echo(t, { ...bearer(key), 'x-tenant-id': 'globex' }),
      ]) {
        expect([res.statusCode, res.json<{ error: string }>().error]).toEqual([
          403,
          'this API key belongs to tenant "acme" and may not act for tenant "globex"',
        ]);
      }
    });

    it('lets the operator key act for another tenant, and audits each such request in that tenant', async () => {
      const res = await echo(t, { 'x-tenant-id': 'globex' });
      expect([res.statusCode, res.json<{ data: { tenantId: string } }>().data.tenantId]).toEqual([200, 'globex']);
      const own = await echo(t, {});
      expect(own.statusCode).toBe(200);
      await t.app.get(AuditLogService).flush();
      const audit = await t.request({
        method: 'GET',
        url: '/security/audit?action=act_for_tenant',
        headers: { 'x-tenant-id': 'globex' },
      });
      const rows = jsonBody<{ data: { rows: Record<string, unknown>[] } }>(audit).data.rows;
      expect(rows.map((r) => [r.tenantId, r.actor, r.action, r.resource, r.decision, r.requestId, r.extra])).toEqual([
        [
          'globex',
          TEST_ADMIN_KEY.split('.')[0],
          'act_for_tenant',
          'POST /orchestrators/:name/orchestrate',
          'allow',
          res.headers['x-request-id'],
          { ownTenant: 'default', statusCode: 200 },
        ],
      ]);
    });

    it("a tenant's admin may not act for another tenant", async () => {
      const admin = await keyFor(t, 'acme', ['admin']);
      const res = await echo(t, { ...bearer(admin), 'x-tenant-id': 'globex' });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('access control', () => {
    it('a viewer reads but may not submit or administer', async () => {
      const viewer = await keyFor(t, 'acme', ['viewer']);
      expect((await t.request({ method: 'GET', url: '/feedback/metrics', headers: bearer(viewer) })).statusCode).toBe(
        200,
      );
      const submit = await t.request({
        method: 'POST',
        url: '/feedback',
        headers: bearer(viewer),
        payload: { componentType: 'tool', componentId: 'search', rewardSignal: 1 },
      });
      expect([submit.statusCode, submit.json<{ error: string }>().error]).toEqual([
        403,
        'this API key lacks the permission unified_feedback.run',
      ]);
      const breaker = await t.request({ method: 'POST', url: '/resilience/breakers/x/open', headers: bearer(viewer) });
      expect(breaker.statusCode).toBe(403);
    });

    it('checks the operation permission on the generic route (the facade), not only the route', async () => {
      const user = await keyFor(t, 'acme', ['user']);
      const run = (operation: string) =>
        t.request({
          method: 'POST',
          url: '/orchestrators/advanced_bandits/orchestrate',
          headers: bearer(user),
          payload: { input: { operation, domain: 'model_routing' } },
        });
      expect((await run('summary')).statusCode).toBe(200);
      const admin = await run('put_domain');
      expect([admin.statusCode, admin.json<{ error: string }>().error]).toEqual([
        403,
        'this API key lacks the permission advanced_bandits.admin',
      ]);
    });

    it('check 7: a moderator calling ingest.backfill gets 403 (missing_permission)', async () => {
      const moderator = await keyFor(t, 'acme', ['moderator']);
      const res = await t.request({ method: 'POST', url: '/test/backfill', headers: bearer(moderator) });
      expect([res.statusCode, res.json<{ error: string }>().error]).toEqual([
        403,
        'this API key lacks the permission ingest.backfill',
      ]);
    });

    it('check 7: ops with risk tier low gets 403 (attribute_mismatch); tier medium on channel ops is admitted', async () => {
      const low = await keyFor(t, 'acme', ['ops'], { riskTier: 'low', channel: 'ops' });
      const denied = await t.request({ method: 'POST', url: '/test/backfill', headers: bearer(low) });
      expect([denied.statusCode, denied.json<{ error: string }>().error]).toEqual([
        403,
        "this API key's attributes do not meet the rule of ingest.backfill",
      ]);
      const medium = await keyFor(t, 'acme', ['ops'], { riskTier: 'medium', channel: 'ops' });
      expect((await t.request({ method: 'POST', url: '/test/backfill', headers: bearer(medium) })).statusCode).toBe(
        202,
      );
    });
  });

  describe('key management', () => {
    it('check 7: a revoked key gets 401 at once', async () => {
      const key = await keyFor(t, 'acme', ['user']);
      expect((await echo(t, bearer(key))).statusCode).toBe(200);
      const id = key.split('.')[0];
      const revoked = await t.request({
        method: 'DELETE',
        url: `/security/keys/${id}`,
        headers: { 'x-tenant-id': 'acme' },
      });
      expect([revoked.statusCode, revoked.json<{ data: { status: string } }>().data.status]).toEqual([200, 'revoked']);
      expect((await echo(t, bearer(key))).statusCode).toBe(401);
    });

    it("lists the tenant's keys without secrets or hashes; another tenant's key id is 404", async () => {
      const key = await keyFor(t, 'initech', ['viewer']);
      const list = await t.request({ method: 'GET', url: '/security/keys', headers: { 'x-tenant-id': 'initech' } });
      const keys = list.json<{ data: { keys: Record<string, unknown>[] } }>().data.keys;
      expect(keys.map((k) => [k.prefix, k.tenantId, k.roles, k.status])).toEqual([
        [key.split('.')[0], 'initech', ['viewer'], 'active'],
      ]);
      expect(JSON.stringify(keys)).not.toContain('hash');
      expect(JSON.stringify(keys)).not.toContain(key.split('.')[1]);
      const other = await t.request({
        method: 'DELETE',
        url: `/security/keys/${key.split('.')[0]}`,
        headers: { 'x-tenant-id': 'acme' },
      });
      expect(other.statusCode).toBe(404);
    });

    it('refuses a bad key request with 400 naming the field', async () => {
      const res = await t.request({ method: 'POST', url: '/security/keys', payload: { name: 'x', roles: ['root'] } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ error: string }>().error).toContain('roles');
    });

    it('announces each audited action as an application event security.<action>; a throwing listener changes nothing', async () => {
      const events = t.app.get(EventEmitter2);
      const heard: [string, Record<string, unknown>][] = [];
      const listener = function (this: { event: string }, entry: Record<string, unknown>) {
        heard.push([this.event, entry]);
      };
      let thrown = 0;
      const throwing = () => {
        thrown++;
        throw new Error('listener failed');
      };
      events.on('security.*', listener);
      // The key is created by the operator acting for the tenant: that request's act_for_tenant listener throws.
      events.on('security.act_for_tenant', throwing);
      try {
        const key = await keyFor(t, 'umbrella', ['user']);
        const id = key.split('.')[0];
        const refused = await echo(t, bearer(`${id}.${'A'.repeat(43)}`));
        expect([refused.statusCode, thrown]).toEqual([401, 1]);
        expect(
          heard
            .filter(([name]) => name !== 'security.act_for_tenant')
            .map(([name, e]) => [name, e.tenantId, e.action, e.resource, e.decision, e.reason ?? null]),
        ).toEqual([
          ['security.key_created', 'umbrella', 'key_created', `key:${id}`, 'info', null],
          [
            'security.auth_failure',
            null,
            'auth_failure',
            'POST /orchestrators/:name/orchestrate',
            'deny',
            'bad_secret',
          ],
        ]);
      } finally {
        events.off('security.*', listener);
        events.off('security.act_for_tenant', throwing);
      }
    });

    it('a user may not manage keys', async () => {
      const user = await keyFor(t, 'acme', ['user']);
      const res = await t.request({ method: 'GET', url: '/security/keys', headers: bearer(user) });
      expect([res.statusCode, res.json<{ error: string }>().error]).toEqual([
        403,
        'this API key lacks the permission security.keys',
      ]);
    });
  });
});

describe('key rotation grace (fake clock)', () => {
  it(
    'keeps the old key valid for 24 h after a rotation, then refuses it',
    async () => {
      const clock = new ManualClock(Date.parse('2026-12-07T00:00:00Z'));
      const app = await createApp({
        config: appTestConfig({ security: { bootstrapKey: TEST_ADMIN_KEY, keyCacheMs: 0 } }),
        imports: [TestOrchestratorsModule],
        ids: sequentialIds('sec'),
        clock,
      });
      await app.init();
      const fastify = app.getHttpAdapter().getInstance();
      const created = await fastify.inject({
        method: 'POST',
        url: '/security/keys',
        payload: { name: 'ci', roles: ['user'] },
      });
      const oldKey = created.json<CreatedKey>().data.key;
      const rotated = await fastify.inject({ method: 'POST', url: `/security/keys/${oldKey.split('.')[0]}/rotate` });
      expect(rotated.statusCode).toBe(201);
      const newKey = rotated.json<{ data: { key: string } }>().data.key;
      const call = (key: string) => fastify.inject({ method: 'GET', url: '/orchestrators', headers: bearer(key) });
      clock.advance(24 * 3_600_000 - 1);
      expect([(await call(oldKey)).statusCode, (await call(newKey)).statusCode]).toEqual([200, 200]);
      clock.advance(1);
      expect([(await call(oldKey)).statusCode, (await call(newKey)).statusCode]).toEqual([401, 200]);
      await app.close();
    },
    BOOT_TIMEOUT_MS,
  );
});
