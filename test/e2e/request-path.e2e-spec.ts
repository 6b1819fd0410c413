import type { InjectOptions } from 'fastify';
import { TelemetryTracing } from '../../src/infrastructure/telemetry/telemetry-tracing';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';

const ORCHESTRATORS = ['advanced_bandits', 'unified_feedback', 'resilience', 'telemetry'] as const;

/** One call of a feature route and the orchestrator it runs through the facade. */
interface FeatureCall {
  readonly orchestrator: (typeof ORCHESTRATORS)[number];
  readonly method: InjectOptions['method'];
  readonly url: string;
  readonly payload?: Record<string, unknown>;
  readonly status: number;
}

/** Every feature route of bandits, feedback, resilience and telemetry, once, with the status it answers here. */
const CALLS: readonly FeatureCall[] = [
  {
    orchestrator: 'advanced_bandits',
    method: 'POST',
    url: '/bandits/model_routing/decisions',
    payload: { userId: 'u1' },
    status: 201,
  },
  {
    orchestrator: 'advanced_bandits',
    method: 'POST',
    url: '/bandits/feedback',
    payload: { decisionId: 'none', reward: 1 },
    status: 404,
  },
  { orchestrator: 'advanced_bandits', method: 'POST', url: '/bandits/route', payload: { userId: 'u1' }, status: 201 },
  {
    orchestrator: 'advanced_bandits',
    method: 'POST',
    url: '/bandits/model_routing/evaluate',
    payload: { action: 'gpt-4-turbo' },
    status: 404,
  },
  { orchestrator: 'advanced_bandits', method: 'GET', url: '/bandits/summary', status: 200 },
  { orchestrator: 'advanced_bandits', method: 'GET', url: '/bandits/domains', status: 200 },
  { orchestrator: 'advanced_bandits', method: 'GET', url: '/bandits/model_routing/comparison', status: 200 },
  {
    orchestrator: 'advanced_bandits',
    method: 'PUT',
    url: '/bandits/domains/path_test',
    payload: { actions: ['a', 'b'] },
    status: 200,
  },
  {
    orchestrator: 'advanced_bandits',
    method: 'PUT',
    url: '/bandits/domains/path_test/default-algorithm',
    payload: { algorithm: 'linucb' },
    status: 200,
  },
  {
    orchestrator: 'unified_feedback',
    method: 'POST',
    url: '/feedback',
    payload: { componentId: 'm1', reward: 0.5 },
    status: 202,
  },
  {
    orchestrator: 'unified_feedback',
    method: 'POST',
    url: '/feedback/tool',
    payload: { toolId: 't1', success: true },
    status: 202,
  },
  {
    orchestrator: 'unified_feedback',
    method: 'POST',
    url: '/feedback/agent',
    payload: { agentId: 'a1', success: true },
    status: 202,
  },
  {
    orchestrator: 'unified_feedback',
    method: 'POST',
    url: '/feedback/rag',
    payload: { queryId: 'q1', relevanceScore: 0.5 },
    status: 202,
  },
  {
    orchestrator: 'unified_feedback',
    method: 'POST',
    url: '/feedback/trajectory',
    payload: { trajectory: { session_id: 's1', steps: [{ tool_name: 't1', success: true }] } },
    status: 202,
  },
  { orchestrator: 'unified_feedback', method: 'GET', url: '/feedback/metrics', status: 200 },
  { orchestrator: 'unified_feedback', method: 'GET', url: '/feedback/health', status: 200 },
  { orchestrator: 'unified_feedback', method: 'DELETE', url: '/feedback/disabled/tool/t1', status: 404 },
  { orchestrator: 'resilience', method: 'GET', url: '/resilience/health', status: 200 },
  { orchestrator: 'resilience', method: 'POST', url: '/resilience/breakers/search/open', status: 200 },
  { orchestrator: 'telemetry', method: 'GET', url: '/telemetry/dashboards/main_dashboard', status: 200 },
  { orchestrator: 'telemetry', method: 'POST', url: '/telemetry/alerts/none/resolve', status: 404 },
];

/** The sum of `orchestrations_total` over every layer and status of one orchestrator, from `/metrics`. */
function orchestrations(metrics: string, orchestrator: string): number {
  const prefix = `orchestrations_total{orchestrator="${orchestrator}",`;
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('feature routes run through the facade (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ telemetry: { tracing: true } });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

  const scrape = async () => (await sut.request({ method: 'GET', url: '/metrics' })).body;
  const call = (c: FeatureCall, i: number) =>
    sut.request({
      method: c.method,
      url: c.url,
      payload: c.payload,
      headers: { 'x-request-id': `path-${i}`, 'x-tenant-id': 'acme' },
    });

  it('counts one orchestration per call and puts the request id and tenant on each call’s span', async () => {
    const before = await scrape();
    const spansBefore = sut.app.get(TelemetryTracing).ring.spans().length;

    const statuses: number[] = [];
    for (const [i, c] of CALLS.entries()) statuses.push((await call(c, i)).statusCode);
    expect(statuses).toEqual(CALLS.map((c) => c.status));

    const after = await scrape();
    const delta = Object.fromEntries(
      ORCHESTRATORS.map((n) => [n, orchestrations(after, n) - orchestrations(before, n)]),
    );
    expect(delta).toEqual({ advanced_bandits: 9, unified_feedback: 8, resilience: 2, telemetry: 2 });

    const spans = sut.app.get(TelemetryTracing).ring.spans().slice(spansBefore);
    expect(spans.map((s) => [s.attributes['request.id'], s.name, s.attributes['tenant.id']])).toEqual(
      CALLS.map((c, i) => [`path-${i}`, `orchestrate ${c.orchestrator}`, 'acme']),
    );
  });

  it('answers 400 naming x-tenant-id on every feature route before running anything', async () => {
    const before = await scrape();
    const answers = await Promise.all(
      CALLS.map(async (c) => {
        const res = await sut.request({
          method: c.method,
          url: c.url,
          payload: c.payload,
          headers: { 'x-tenant-id': 'a b' },
        });
        return [res.statusCode, res.json<{ error: string }>().error];
      }),
    );
    expect(answers).toEqual(CALLS.map(() => [400, 'x-tenant-id must be 1-128 letters, digits or . _ : -']));
    const after = await scrape();
    for (const name of ORCHESTRATORS) expect(orchestrations(after, name)).toBe(orchestrations(before, name));
  });

  it('serves the operations added for the feature routes through the generic route too, naming bad input', async () => {
    const orchestrate = async (name: string, input: Record<string, unknown>) => {
      const res = await sut.request({ method: 'POST', url: `/orchestrators/${name}/orchestrate`, payload: { input } });
      const body = res.json<{ status: string; error?: string }>();
      return [res.statusCode, body.error ?? body.status];
    };
    expect([
      await orchestrate('resilience', { operation: 'summary' }),
      await orchestrate('resilience', { operation: 'explode' }),
      await orchestrate('resilience', { operation: 'breaker', service: 'a b', action: 'open' }),
      await orchestrate('resilience', { operation: 'breaker', service: 'search', action: 'explode' }),
      await orchestrate('resilience', { operation: 'breaker', service: 'nothing', action: 'close' }),
      await orchestrate('unified_feedback', { operation: 'clear_disabled', componentType: 'gadget', componentId: 'x' }),
      await orchestrate('unified_feedback', { operation: 'clear_disabled', componentType: 'tool', componentId: '' }),
      await orchestrate('unified_feedback', { operation: 'clear_disabled', componentType: 'tool', componentId: 'x' }),
    ]).toEqual([
      [200, 'ok'],
      [400, 'operation must be one of summary, breaker'],
      [400, 'service must be 1-200 letters, digits or . _ : / -'],
      [400, 'action must be one of open, close, reset'],
      [404, 'No circuit breaker for service "nothing"'],
      [400, 'componentType must be one of model, tool, agent, threshold, prompt, memory'],
      [400, 'componentId must be a non-empty string'],
      [404, 'Component tool/x is not disabled'],
    ]);
  });

  it('runs the resilience GraphQL fields through the facade with the same context', async () => {
    const gql = async (query: string, headers: Record<string, string>) =>
      (await sut.request({ method: 'POST', url: '/graphql', payload: { query }, headers })).json<{
        data?: unknown;
        errors?: { message: string }[];
      }>();
    const before = await scrape();
    const spansBefore = sut.app.get(TelemetryTracing).ring.spans().length;
    const headers = { 'x-request-id': 'gql-path', 'x-tenant-id': 'acme' };
    expect((await gql('mutation { breaker(service: "gql", action: open) { service state } }', headers)).data).toEqual({
      breaker: { service: 'gql', state: 'open' },
    });
    // An open breaker puts the instance in degradation mode, whatever else ran before.
    expect((await gql('{ resilience { degradationMode } }', headers)).data).toEqual({
      resilience: { degradationMode: true },
    });
    expect((await gql('{ resilience { score } }', { 'x-tenant-id': 'a b' })).errors?.map((e) => e.message)).toEqual([
      'x-tenant-id must be 1-128 letters, digits or . _ : -',
    ]);
    expect(orchestrations(await scrape(), 'resilience') - orchestrations(before, 'resilience')).toBe(2);
    const spans = sut.app.get(TelemetryTracing).ring.spans().slice(spansBefore);
    expect(spans.map((s) => [s.attributes['request.id'], s.name, s.attributes['tenant.id']])).toEqual([
      ['gql-path', 'orchestrate resilience', 'acme'],
      ['gql-path', 'orchestrate resilience', 'acme'],
    ]);
  });
});
