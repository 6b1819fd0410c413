import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlakyOrchestrator } from '../fixtures/orchestrators';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { dataOf, jsonBody } from '../fixtures/json-body';
import { match } from '../fixtures/matchers';

/** What the echo orchestrator answers: the context it ran with and its input. */
interface Echoed {
  readonly requestId: string;
  readonly input: unknown;
}

describe('REST API (e2e)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ server: { bodyLimitBytes: 4096 } });
  }, BOOT_TIMEOUT_MS);

  afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

  const orchestrate = (name: string, payload?: unknown, headers: Record<string, string> = {}) =>
    sut.request({ method: 'POST', url: `/orchestrators/${name}/orchestrate`, payload: payload as object, headers });

  describe('GET /orchestrators', () => {
    it('lists every discovered orchestrator', async () => {
      const res = await sut.request({ method: 'GET', url: '/orchestrators' });
      expect(res.statusCode).toBe(200);
      expect(jsonBody<{ name: string }[]>(res).map((o) => o.name)).toEqual([
        'advanced_bandits',
        'agent_training',
        'autonomous_intelligence',
        'echo',
        'enhanced_autonomous',
        'fallback_autonomous',
        'flaky',
        'hierarchical',
        'mission_orchestrator',
        'noop',
        'performance_analytics',
        'realtime_monitoring',
        'recursive',
        'resilience',
        'security',
        'telemetry',
        'unified_feedback',
      ]);
    });

    it('filters by layer', async () => {
      const res = await sut.request({ method: 'GET', url: '/orchestrators?layer=application' });
      expect(res.json()).toEqual([
        {
          name: 'advanced_bandits',
          layer: 'application',
          type: 'adaptive',
          description: 'Contextual bandits per domain: decisions, feedback, off-policy evaluation',
          hasHealthCheck: false,
          permissions: {
            run: 'advanced_bandits.run',
            operations: {
              evaluate: 'advanced_bandits.read',
              summary: 'advanced_bandits.read',
              comparison: 'advanced_bandits.read',
              domains: 'advanced_bandits.read',
              switch_default: 'advanced_bandits.admin',
              put_domain: 'advanced_bandits.admin',
            },
          },
        },
        {
          name: 'flaky',
          layer: 'application',
          type: 'adaptive',
          description: '',
          hasHealthCheck: true,
          permissions: { run: 'flaky.run', operations: {} },
        },
        {
          name: 'realtime_monitoring',
          layer: 'application',
          type: 'monitoring',
          description:
            'Creators and their feeds per tenant, checked on schedules that honour their settings, new items turned into runs',
          hasHealthCheck: false,
          permissions: {
            run: 'realtime_monitoring.manage',
            operations: {
              start: 'realtime_monitoring.admin',
              stop: 'realtime_monitoring.admin',
              status: 'realtime_monitoring.read',
              next_checks: 'realtime_monitoring.read',
              get_creator: 'realtime_monitoring.read',
              list_creators: 'realtime_monitoring.read',
              get_source: 'realtime_monitoring.read',
              list_items: 'realtime_monitoring.read',
              list_sources: 'realtime_monitoring.read',
              export_opml: 'realtime_monitoring.read',
            },
          },
        },
        {
          name: 'unified_feedback',
          layer: 'application',
          type: 'coordination',
          description: 'Reward signals per component type, learning sinks, component health and auto-disable',
          hasHealthCheck: true,
          permissions: {
            run: 'unified_feedback.run',
            operations: {
              get_metrics: 'unified_feedback.read',
              get_health: 'unified_feedback.read',
              clear_disabled: 'unified_feedback.admin',
              start: 'unified_feedback.admin',
              stop: 'unified_feedback.admin',
            },
          },
        },
      ]);
    });

    it('rejects an unknown layer naming the field', async () => {
      const res = await sut.request({ method: 'GET', url: '/orchestrators?layer=presentation' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        status: 'error',
        category: 'validation',
        error: 'layer must be one of: domain, application, infrastructure',
      });
    });
  });

  describe('GET /orchestrators/:name', () => {
    it('describes one orchestrator', async () => {
      const res = await sut.request({ method: 'GET', url: '/orchestrators/echo' });
      expect(res.json()).toEqual({
        name: 'echo',
        layer: 'domain',
        type: 'sequential',
        description: 'returns its context ids and input',
        hasHealthCheck: false,
        permissions: { run: 'echo.run', operations: {} },
      });
    });

    it('answers 404 for an unknown name', async () => {
      const res = await sut.request({ method: 'GET', url: '/orchestrators/missing' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ category: 'not_found', error: 'No orchestrator named "missing"' });
    });
  });

  describe('POST /orchestrators/:name/orchestrate', () => {
    it('runs the orchestrator with the body context and input', async () => {
      const res = await orchestrate('echo', {
        context: { tenantId: 'acme', workspaceId: 'ws-1', metadata: { a: 1 } },
        input: { url: 'x' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        status: 'ok',
        data: {
          requestId: res.headers['x-request-id'],
          tenantId: 'acme',
          workspaceId: 'ws-1',
          traceId: match.stringMatching(/^[0-9a-f]{32}$/),
          input: { url: 'x' },
        },
      });
    });

    it('takes the request id from x-request-id and the trace id from traceparent', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await orchestrate(
        'echo',
        {},
        { 'x-request-id': 'req-abc', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      );
      expect(res.headers['x-request-id']).toBe('req-abc');
      expect(dataOf(res)).toMatchObject({ requestId: 'req-abc', traceId, tenantId: 'default', input: {} });
    });

    it('replaces an x-request-id that is not a safe id', async () => {
      const res = await orchestrate('echo', {}, { 'x-request-id': 'bad id\twith spaces' });
      expect(res.headers['x-request-id']).toMatch(/^e2e-\d+$/);
      expect(dataOf<Echoed>(res).requestId).toBe(res.headers['x-request-id']);
    });

    it('accepts a request without a body', async () => {
      const res = await sut.request({ method: 'POST', url: '/orchestrators/echo/orchestrate' });
      expect(res.statusCode).toBe(200);
      expect(dataOf<Echoed>(res).input).toEqual({});
    });

    it.each([
      ['skipped', { mode: 'refuse' }, 200, { status: 'skipped', reason: 'flaky cannot orchestrate this input' }],
      [
        'error conflict',
        { mode: 'fail' },
        409,
        { status: 'error', category: 'conflict', error: 'already running', retryable: false },
      ],
      [
        'thrown error',
        { mode: 'throw' },
        500,
        { status: 'error', category: 'processing', error: 'flaky failed: boom', retryable: true },
      ],
    ])('answers a %s result with its category status', async (_label, input, status, body) => {
      const res = await orchestrate('flaky', { input });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual(body);
    });

    it('answers 404 with a StepResult for an unknown orchestrator', async () => {
      const res = await orchestrate('missing', {});
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        status: 'error',
        category: 'not_found',
        error: 'No orchestrator named "missing"',
        retryable: false,
      });
    });

    it('answers 400 past the depth limit', async () => {
      const res = await orchestrate('recursive', { input: { times: 20 } });
      expect(res.statusCode).toBe(400);
      expect(jsonBody(res).error).toBe('Orchestration depth 9 exceeds the maximum of 8 (called from "recursive")');
    });
  });

  describe('bad input', () => {
    const cases: [string, () => Promise<{ statusCode: number; json(): unknown }>, number, string][] = [
      [
        'malformed JSON',
        () =>
          sut.request({
            method: 'POST',
            url: '/orchestrators/echo/orchestrate',
            payload: '{"input": {',
            headers: { 'content-type': 'application/json' },
          }),
        400,
        'body is not valid JSON',
      ],
      ['a body that is an array', () => orchestrate('echo', [1, 2]), 400, 'body must be an object'],
      [
        'a body that is a string',
        () =>
          sut.request({
            method: 'POST',
            url: '/orchestrators/echo/orchestrate',
            payload: '"hi"',
            headers: { 'content-type': 'application/json' },
          }),
        400,
        'body must be an object',
      ],
      ['input that is not an object', () => orchestrate('echo', { input: [1] }), 400, 'input must be an object'],
      ['input that is a string', () => orchestrate('echo', { input: 'go' }), 400, 'input must be an object'],
      [
        'a context that is not an object',
        () => orchestrate('echo', { context: 'acme' }),
        400,
        'context must be an object',
      ],
      [
        'a tenantId of the wrong type',
        () => orchestrate('echo', { context: { tenantId: 42 } }),
        400,
        'context.tenantId must be a string',
      ],
      [
        'a tenantId with spaces',
        () => orchestrate('echo', { context: { tenantId: 'a b' } }),
        400,
        'context.tenantId must match ^[A-Za-z0-9._:-]{1,128}$',
      ],
      [
        'several problems at once',
        () => orchestrate('echo', { context: { tenant: 'x', requestId: 7 }, input: 1 }),
        400,
        'context.tenant is not an allowed field; context.requestId must be a string; input must be an object',
      ],
      [
        'an unknown field in context',
        () => orchestrate('echo', { context: { tenant: 'acme' } }),
        400,
        'context.tenant is not an allowed field',
      ],
      ['an unknown top-level field', () => orchestrate('echo', { inputs: {} }), 400, 'inputs is not an allowed field'],
      [
        'metadata that is not an object',
        () => orchestrate('echo', { context: { metadata: [] } }),
        400,
        'context.metadata must be an object',
      ],
      [
        'a body over the limit',
        () => orchestrate('echo', { input: { blob: 'x'.repeat(5000) } }),
        413,
        'body is larger than the limit of 4096 bytes (server.bodyLimitBytes)',
      ],
      [
        'a non-JSON content type',
        () =>
          sut.request({
            method: 'POST',
            url: '/orchestrators/echo/orchestrate',
            payload: 'input',
            headers: { 'content-type': 'text/csv' },
          }),
        415,
        'body has an unsupported content-type; send application/json',
      ],
    ];

    it.each(cases)('rejects %s with a message naming the field', async (_label, send, status, error) => {
      const res = await send();
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({
        status: 'error',
        category: 'validation',
        error,
        retryable: false,
        statusCode: status,
      });
    });

    it('never reaches the orchestrator on bad input', async () => {
      const flaky = sut.app.get(FlakyOrchestrator);
      const before = flaky.afterCalls;
      await orchestrate('flaky', { input: 'nope' });
      await orchestrate('flaky', { context: { bogus: 1 } });
      expect(flaky.afterCalls).toBe(before);
    });
  });

  describe('capabilities a request cannot grant', () => {
    const RUNS = ['fallback_autonomous', 'autonomous_intelligence', 'enhanced_autonomous'];
    const secret = join(mkdtempSync(join(tmpdir(), 'crew-secret-')), 'secret.txt');
    beforeAll(() => writeFileSync(secret, 'TOP SECRET: not for the API'));

    it.each(RUNS)('refuses input.localFiles for %s with 400 naming it, and reads no file', async (name) => {
      const res = await orchestrate(name, { input: { url: pathToFileURL(secret).href, localFiles: 'any' } });
      expect([res.statusCode, res.json()]).toEqual([
        400,
        {
          status: 'error',
          error: 'input.localFiles is not an allowed field',
          category: 'validation',
          retryable: false,
        },
      ]);
      expect(res.body).not.toContain('TOP SECRET');
    });

    it('refuses every other in-process option as input the same way: progress, workflowId, slot', async () => {
      const input = { url: 'https://example.invalid/a', progress: {}, workflowId: 'wf-1', slot: {} };
      const res = await orchestrate('autonomous_intelligence', { input });
      expect([res.statusCode, jsonBody(res).error]).toEqual([
        400,
        'input.progress is not an allowed field; input.workflowId is not an allowed field; input.slot is not an allowed field',
      ]);
    });

    it.each(RUNS)('reads no local file for %s when no file roots are configured: 403', async (name) => {
      const res = await orchestrate(name, { input: { url: pathToFileURL(secret).href } });
      expect([res.statusCode, jsonBody(res).category]).toEqual([403, 'forbidden']);
      expect(res.body).not.toContain('TOP SECRET');
    });
  });

  describe('GET /metrics', () => {
    it('counts orchestrations by orchestrator, layer and status', async () => {
      const line = (text: string) =>
        text
          .split('\n')
          .find((l) => l.startsWith('orchestrations_total{orchestrator="noop",layer="infrastructure",status="ok"}'));
      const before = (await sut.request({ method: 'GET', url: '/metrics' })).body;
      await orchestrate('noop', {});
      await orchestrate('noop', {});
      const after = await sut.request({ method: 'GET', url: '/metrics' });
      expect(after.headers['content-type']).toContain('text/plain');
      expect(line(before)).toBeUndefined();
      expect(line(after.body)).toBe('orchestrations_total{orchestrator="noop",layer="infrastructure",status="ok"} 2');
      expect(after.body).toContain(
        'orchestration_duration_seconds_count{orchestrator="noop",layer="infrastructure"} 2',
      );
    });
  });

  describe('GET /health', () => {
    it('is up while every orchestrator health check passes, 503 when one fails', async () => {
      const flaky = sut.app.get(FlakyOrchestrator);
      const up = await sut.request({ method: 'GET', url: '/health' });
      expect(up.statusCode).toBe(200);
      expect(up.json()).toMatchObject({
        status: 'ok',
        info: {
          orchestrators: {
            status: 'up',
            registered: 17,
            checks: { flaky: { healthy: true }, resilience: { healthy: true } },
          },
        },
      });
      flaky.healthy = false;
      const down = await sut.request({ method: 'GET', url: '/health' });
      flaky.healthy = true;
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({
        status: 'error',
        error: { orchestrators: { status: 'down', unhealthy: ['flaky'] } },
      });
    });
  });

  describe('GET /docs', () => {
    it('serves the OpenAPI UI and document', async () => {
      const ui = await sut.request({ method: 'GET', url: '/docs' });
      expect(ui.statusCode).toBe(200);
      expect(ui.body).toContain('Swagger UI');
      const doc = jsonBody<{ paths: Record<string, unknown> }>(await sut.request({ method: 'GET', url: '/docs-json' }));
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/analytics/alerts',
        '/analytics/alerts/evaluate',
        '/analytics/alerts/{alertId}/ack',
        '/analytics/interactions',
        '/analytics/performance',
        '/analytics/report',
        '/analytics/rules',
        '/analytics/rules/{ruleId}',
        '/autointel',
        '/autointel/{workflowId}',
        '/autointel/{workflowId}/events',
        '/autointel/{workflowId}/report',
        '/bandits/domains',
        '/bandits/domains/{domain}',
        '/bandits/domains/{domain}/default-algorithm',
        '/bandits/feedback',
        '/bandits/route',
        '/bandits/summary',
        '/bandits/{domain}/comparison',
        '/bandits/{domain}/decisions',
        '/bandits/{domain}/evaluate',
        '/feedback',
        '/feedback/agent',
        '/feedback/disabled/{type}/{id}',
        '/feedback/health',
        '/feedback/metrics',
        '/feedback/rag',
        '/feedback/tool',
        '/feedback/trajectory',
        '/health',
        '/hierarchy/agents',
        '/hierarchy/agents/{agentId}',
        '/hierarchy/agents/{agentId}/heartbeat',
        '/hierarchy/health',
        '/hierarchy/sessions',
        '/hierarchy/sessions/{sessionId}',
        '/hierarchy/sessions/{sessionId}/cancel',
        '/hierarchy/sessions/{sessionId}/recover',
        '/missions',
        '/missions/plan',
        '/missions/{missionId}',
        '/missions/{missionId}/resume',
        '/monitoring/creators',
        '/monitoring/creators/{creatorId}',
        '/monitoring/next-checks',
        '/monitoring/opml',
        '/monitoring/seed',
        '/monitoring/sources',
        '/monitoring/sources/{sourceId}',
        '/monitoring/sources/{sourceId}/check',
        '/monitoring/sources/{sourceId}/items',
        '/monitoring/start',
        '/monitoring/status',
        '/monitoring/stop',
        '/orchestrators',
        '/orchestrators/{name}',
        '/orchestrators/{name}/orchestrate',
        '/resilience/breakers/{service}/{action}',
        '/resilience/health',
        '/security/audit',
        '/security/audit/verify',
        '/security/blocklist',
        '/security/blocklist/{kind}/{value}',
        '/security/keys',
        '/security/keys/{keyId}',
        '/security/keys/{keyId}/rotate',
        '/security/report',
        '/security/threats',
        '/security/threats/{threatId}/resolve',
        '/security/vulnerabilities',
        '/telemetry/alerts/{id}/resolve',
        '/telemetry/dashboards/{id}',
        '/test/backfill',
        '/training/agents',
        '/training/agents/{agent}/report',
        '/training/agents/{agent}/versions',
        '/training/apply',
        '/training/enhance',
        '/training/examples',
      ]);
    });
  });
});
