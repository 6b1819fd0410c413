import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { TestOrchestratorsModule } from '../fixtures/orchestrators';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { appTestConfig } from '../fixtures/test-config';

/** The JSON text of `build(pad)` with `pad` grown so that the text is exactly `bytes` long. */
function sized(bytes: number, build: (pad: string) => unknown): string {
  const empty = JSON.stringify(build('')).length;
  const text = JSON.stringify(build('x'.repeat(bytes - empty)));
  if (text.length !== bytes) throw new Error(`could not size a body to ${bytes} bytes`);
  return text;
}

const signal = (pad: string) => ({ componentId: 'search', reward: 1, metadata: { pad } });
const feedbackOperation = (pad: string) => ({
  input: { operation: 'submit_feedback', signal: signal(pad) },
});

describe('per-route body limits (e2e)', () => {
  let t: TestApp;
  const send = (method: 'POST' | 'PUT', url: string, payload: string) =>
    t.request({ method, url, payload, headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    t = await createTestApp();
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  // The last column: the answer to a body of exactly the limit, which is read and reaches validation or the handler.
  it.each([
    ['POST', '/security/keys', 8192, (pad: string) => ({ name: 'k', roles: ['viewer'], pad }), 400],
    ['POST', '/security/threats/THR_1_00000000/resolve', 4096, (pad: string) => ({ note: pad }), 400],
    ['POST', '/feedback', 32768, signal, 202],
    ['POST', '/feedback/tool', 32768, (pad: string) => ({ toolId: 't', success: true, context: { pad } }), 202],
    ['POST', '/feedback/agent', 32768, (pad: string) => ({ agentId: 'a', success: true, context: { pad } }), 202],
    ['POST', '/feedback/rag', 262144, (pad: string) => ({ queryId: 'q', relevanceScore: 1, pad }), 202],
    ['POST', '/bandits/model_routing/decisions', 8192, (pad: string) => ({ userId: 'u1', pad }), 201],
    ['POST', '/bandits/feedback', 4096, (pad: string) => ({ decisionId: 'd-1', reward: 1, pad }), 404],
  ] as const)(
    '%s %s (limit %i bytes): 413 naming the limit one byte above it; the limit itself is read',
    async (method, url, limit, build, atLimit) => {
      const route = url.replace('THR_1_00000000', ':threatId').replace('model_routing', ':domain');
      const over = await send(method, url, sized(limit + 1, build));
      expect([over.statusCode, jsonBody(over).error]).toEqual([
        413,
        `body is larger than the limit of ${limit} bytes for ${method} ${route}`,
      ]);
      expect((await send(method, url, sized(limit, build))).statusCode).toBe(atLimit);
    },
  );

  it('serves on the generic route (the server limit) a signal of a size /feedback refuses', async () => {
    const body = sized(40_000, feedbackOperation);
    const direct = await send('POST', '/feedback', sized(40_000, signal));
    const generic = await send('POST', '/orchestrators/unified_feedback/orchestrate', body);
    expect([direct.statusCode, generic.statusCode]).toEqual([413, 200]);
    expect(jsonBody<{ data: { queued: boolean } }>(generic).data.queued).toBe(true);
  });

  it('names the server limit on a route without its own', async () => {
    const res = await send(
      'POST',
      '/orchestrators/echo/orchestrate',
      sized(1024 * 1024 + 1, (pad) => ({ input: { pad } })),
    );
    expect([res.statusCode, jsonBody(res).error]).toEqual([
      413,
      'body is larger than the limit of 1048576 bytes (server.bodyLimitBytes)',
    ]);
  });
});

describe('per-route body limits from the configuration (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      server: { bodyLimitBytes: 16_384, routeBodyLimits: [{ route: 'POST /bandits/feedback', bytes: 1024 }] },
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

  const send = (url: string, payload: string) =>
    t.request({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

  it('replaces a declared limit with the configured one, and says so', async () => {
    const res = await send(
      '/bandits/feedback',
      sized(1025, (pad) => ({ decisionId: 'd-1', reward: 1, pad })),
    );
    expect([res.statusCode, jsonBody(res).error]).toEqual([
      413,
      'body is larger than the limit of 1024 bytes for POST /bandits/feedback (server.routeBodyLimits)',
    ]);
  });

  it('cuts a declared limit above server.bodyLimitBytes down to it', async () => {
    const res = await send('/feedback', sized(16_385, signal));
    expect([res.statusCode, jsonBody(res).error]).toEqual([
      413,
      'body is larger than the limit of 16384 bytes (server.bodyLimitBytes)',
    ]);
    expect((await send('/feedback', sized(16_384, signal))).statusCode).toBe(202);
  });
});

describe('a configured limit for a route that does not exist (e2e)', () => {
  it(
    'stops the boot naming the route',
    async () => {
      const app = await createApp({
        config: appTestConfig({ server: { routeBodyLimits: [{ route: 'POST /feedbak', bytes: 1024 }] } }),
        imports: [TestOrchestratorsModule],
      });
      try {
        await app.init();
        await expect(app.getHttpAdapter().getInstance().ready()).rejects.toThrow(
          'server.routeBodyLimits names "POST /feedbak", which is not a route',
        );
      } finally {
        await app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
