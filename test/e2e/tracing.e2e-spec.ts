import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { OrchestrationFacade } from '../../src/core/facade/orchestration.facade';
import { TelemetryTracing } from '../../src/infrastructure/telemetry/telemetry-tracing';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';

describe('tracing (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ telemetry: { tracing: true } });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

  it('records a facade call as a span with the orchestrator, layer, tenant and status', async () => {
    const tracing = sut.app.get(TelemetryTracing);
    expect(tracing.enabled).toBe(true);
    const before = tracing.ring.spans().length;
    await sut.app.get(OrchestrationFacade).orchestrate('echo', OrchestrationContext.create({ tenantId: 'acme' }), {});
    const [span] = tracing.ring.spans().slice(before);
    expect(span).toMatchObject({
      name: 'orchestrate echo',
      status: 'success',
      parentSpanId: undefined,
      attributes: {
        'orchestrator.name': 'echo',
        'orchestrator.layer': 'domain',
        'tenant.id': 'acme',
        'orchestration.depth': 0,
        'orchestration.status': 'ok',
      },
    });
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(tracing.ring.active).toBe(0);
  });

  it('makes child orchestrations child spans of the same trace ([FIX] T3)', async () => {
    const tracing = sut.app.get(TelemetryTracing);
    const before = tracing.ring.spans().length;
    await sut.app.get(OrchestrationFacade).orchestrate('recursive', OrchestrationContext.create(), { times: 2 });
    const spans = tracing.ring.spans().slice(before);
    // Children end first: depth 2, 1, then the root.
    expect(spans.map((s) => s.attributes['orchestration.depth'])).toEqual([2, 1, 0]);
    const [grandchild, child, root] = spans;
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(root.parentSpanId).toBeUndefined();
    expect(child.parentSpanId).toBe(root.spanId);
    expect(grandchild.parentSpanId).toBe(child.spanId);
  });

  it(
    'is off by default: no provider is registered',
    async () => {
      const plain = await createTestApp();
      try {
        expect(plain.app.get(TelemetryTracing).enabled).toBe(false);
      } finally {
        await plain.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'makes no span when telemetry.tracing is off, even under a registered tracer provider',
    async () => {
      const untraced = await createTestApp({ telemetry: { tracing: false } });
      try {
        const ring = sut.app.get(TelemetryTracing).ring;
        const before = ring.spans().length;
        await untraced.app.get(OrchestrationFacade).orchestrate('echo', OrchestrationContext.create(), {});
        expect(ring.spans().slice(before)).toEqual([]);
      } finally {
        await untraced.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );

  it('maps an error result to status error', async () => {
    const tracing = sut.app.get(TelemetryTracing);
    const before = tracing.ring.spans().length;
    await sut.app.get(OrchestrationFacade).orchestrate('flaky', OrchestrationContext.create(), { mode: 'fail' });
    expect(
      tracing.ring
        .spans()
        .slice(before)
        .map((s) => [s.name, s.status]),
    ).toEqual([['orchestrate flaky', 'error']]);
  });
});

/** The parts of an OTLP/HTTP JSON trace export that the test reads. */
interface OtlpExport {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly OtlpAttribute[] };
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}
interface OtlpSpan {
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: readonly OtlpAttribute[];
}
interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string };
}

describe('OTLP export (e2e)', () => {
  it(
    'sends the spans to a local OTLP/HTTP receiver, which decodes one trace with parent links',
    async () => {
      const { createServer } = await import('node:http');
      const bodies: { contentType?: string; json: OtlpExport }[] = [];
      const server = createServer((req, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          bodies.push({ contentType: req.headers['content-type'], json: JSON.parse(text) as OtlpExport });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const { port } = server.address() as { port: number };
      const app = await createTestApp({ telemetry: { tracing: true, otlpUrl: `http://127.0.0.1:${port}/v1/traces` } });
      try {
        expect(app.app.get(TelemetryTracing).enabled).toBe(true);
        await app.app
          .get(OrchestrationFacade)
          .orchestrate('recursive', OrchestrationContext.create({ tenantId: 'acme' }), { times: 1 });
        expect(app.app.get(TelemetryTracing).ring.spans()).toHaveLength(2);
      } finally {
        await app.close(); // flushes the batch
        await new Promise((r) => server.close(r));
      }
      expect(bodies.length).toBeGreaterThanOrEqual(1);
      expect(bodies[0].contentType).toBe('application/json');
      const spans = bodies.flatMap((b) =>
        b.json.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
      );
      expect(spans.map((s) => s.name)).toEqual(['orchestrate recursive', 'orchestrate recursive']);
      const [child, root] = spans;
      expect(child.traceId).toBe(root.traceId);
      expect(child.parentSpanId).toBe(root.spanId);
      const service = bodies[0].json.resourceSpans[0].resource.attributes.find((a) => a.key === 'service.name');
      expect(service?.value.stringValue).toBe('crew-orchestrator');
      expect(root.attributes.find((a) => a.key === 'tenant.id')?.value.stringValue).toBe('acme');
    },
    BOOT_TIMEOUT_MS,
  );
});
