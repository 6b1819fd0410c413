import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { ANONYMOUS } from '../fixtures/test-keys';

const HARDENING = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';" +
    "img-src 'self' data:;object-src 'none';script-src 'self' 'unsafe-inline';script-src-attr 'none';" +
    "style-src 'self' 'unsafe-inline';upgrade-insecure-requests",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
};

const picked = (headers: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(HARDENING).map((name) => [name, headers[name]]));

describe('HTTP hardening: security headers and CORS', () => {
  describe('defaults (CORS off)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    }, BOOT_TIMEOUT_MS);
    afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

    it('sets the security headers on answers of Nest routes, the hot route, refusals and GraphQL', async () => {
      for (const [method, url, headers, status] of [
        ['GET', '/health', {}, 200],
        ['GET', '/orchestrators', {}, 200],
        ['POST', '/orchestrators/echo/orchestrate', {}, 200],
        ['POST', '/orchestrators/echo/orchestrate', ANONYMOUS, 401],
        ['POST', '/graphql', {}, 200],
      ] as const) {
        const res = await t.request({
          method,
          url,
          headers,
          payload: url === '/graphql' ? { query: '{ __typename }' } : method === 'POST' ? { input: {} } : undefined,
        });
        expect([url, res.statusCode, picked(res.headers)]).toEqual([url, status, HARDENING]);
      }
    });

    it('answers no cross-origin request: no CORS headers, a preflight is not granted', async () => {
      const res = await t.request({
        method: 'OPTIONS',
        url: '/orchestrators',
        headers: { origin: 'https://app.example.invalid', 'access-control-request-method': 'GET' },
      });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const get = await t.request({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://app.example.invalid' },
      });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('CORS by allowlist (api.corsOrigins)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ api: { corsOrigins: ['https://app.example.invalid'] } });
    }, BOOT_TIMEOUT_MS);
    afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

    it('grants a preflight (no key needed) from a listed origin, and nothing to another origin', async () => {
      const listed = await t.request({
        method: 'OPTIONS',
        url: '/orchestrators',
        headers: { origin: 'https://app.example.invalid', 'access-control-request-method': 'GET' },
      });
      expect([
        listed.statusCode,
        listed.headers['access-control-allow-origin'],
        listed.headers['access-control-max-age'],
      ]).toEqual([204, 'https://app.example.invalid', '600']);
      expect(listed.headers['access-control-allow-headers']).toBe(
        'authorization, x-api-key, content-type, x-request-id, x-tenant-id, traceparent, tracestate',
      );
      const other = await t.request({
        method: 'OPTIONS',
        url: '/orchestrators',
        headers: { origin: 'https://evil.example.invalid', 'access-control-request-method': 'GET' },
      });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
