import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { SharedContextManager } from '../../core/context/context-storage';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { sequentialIds } from '../../core/runtime/id-generator';
import type { RunRecord } from './autointel.types';
import { attemptContext, runJob, runOrigin, withinTrace } from './run-correlation';

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER = { traceparent: `00-${CALLER_TRACE}-00f067aa0ba902b7-01`, tracestate: 'vendor=1' };
const OPTIONS = { queue: 'autointel.runs', tracing: true };

/** A stored run with the given correlation; the rest does not matter here. */
function stored(fields: Pick<RunRecord, 'requestId' | 'traceId'>): RunRecord {
  return {
    workflowId: 'wf-1',
    tenantId: 'acme',
    workspaceId: 'ws',
    url: 'https://example.org',
    depth: 'standard',
    mode: 'fallback',
    status: 'running',
    createdAt: 0,
    startedAt: 0,
    finishedAt: null,
    attempts: 1,
    events: [],
    result: null,
    error: null,
    ...fields,
  };
}

describe('run correlation', () => {
  const exporter = new InMemorySpanExporter();
  let nextSpan = 0;

  beforeAll(() => {
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
      idGenerator: {
        generateTraceId: () => 'a'.repeat(32),
        generateSpanId: () => (++nextSpan).toString(16).padStart(16, '0'),
      },
    });
    context.setGlobalContextManager(new SharedContextManager());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });
  beforeEach(() => {
    exporter.reset();
    nextSpan = 0;
  });

  const ended = () =>
    exporter.getFinishedSpans().map((s) => ({
      name: s.name,
      kind: s.kind,
      traceId: s.spanContext().traceId,
      spanId: s.spanContext().spanId,
      parentSpanId: s.parentSpanContext?.spanId,
      attributes: s.attributes,
    }));

  describe(runOrigin.name, () => {
    it("keeps the request id and the caller's trace context, and starts no span", () => {
      const origin = OrchestrationContext.create({ requestId: 'req-1', traceContext: CALLER }, sequentialIds());
      expect(runOrigin(origin, { workflowId: 'wf-1', tenantId: 'acme' }, OPTIONS)).toEqual({
        requestId: 'req-1',
        traceId: CALLER_TRACE,
        traceContext: CALLER,
      });
      expect(ended()).toEqual([]);
    });

    it('begins a new trace with one ended producer span when the request sent no traceparent', () => {
      const origin = OrchestrationContext.create({ requestId: 'req-2' }, sequentialIds());
      expect(runOrigin(origin, { workflowId: 'wf-2', tenantId: 'acme' }, OPTIONS)).toEqual({
        requestId: 'req-2',
        traceId: 'a'.repeat(32),
        traceContext: { traceparent: `00-${'a'.repeat(32)}-0000000000000001-01` },
      });
      expect(ended()).toEqual([
        {
          name: 'enqueue autointel.runs',
          kind: SpanKind.PRODUCER,
          traceId: 'a'.repeat(32),
          spanId: '0000000000000001',
          parentSpanId: undefined,
          attributes: { 'tenant.id': 'acme', 'request.id': 'req-2', 'autointel.workflow_id': 'wf-2' },
        },
      ]);
    });

    it("uses the request's own trace id and starts no span when tracing is off", () => {
      const origin = OrchestrationContext.create({ requestId: 'req-3', traceId: 'c'.repeat(32) }, sequentialIds());
      expect(runOrigin(origin, { workflowId: 'wf-3', tenantId: 'acme' }, { ...OPTIONS, tracing: false })).toEqual({
        requestId: 'req-3',
        traceId: 'c'.repeat(32),
        traceContext: undefined,
      });
      expect(ended()).toEqual([]);
    });
  });

  describe(runJob.name, () => {
    it('carries the run, its request id and its W3C trace context', () => {
      const origin = { requestId: 'req-1', traceId: CALLER_TRACE, traceContext: CALLER };
      expect(runJob({ workflowId: 'wf-1', tenantId: 'acme' }, origin)).toEqual({
        workflowId: 'wf-1',
        tenantId: 'acme',
        requestId: 'req-1',
        ...CALLER,
      });
    });
  });

  describe(attemptContext.name, () => {
    const signal = new AbortController().signal;

    it('takes the request id and trace context from the job and the trace id from the run', () => {
      const job = { workflowId: 'wf-1', tenantId: 'acme', requestId: 'req-1', ...CALLER };
      const sut = attemptContext(job, stored({ requestId: 'req-1', traceId: CALLER_TRACE }), signal, sequentialIds());
      expect([sut.tenantId, sut.workspaceId, sut.requestId, sut.traceId, sut.traceContext]).toEqual([
        'acme',
        'ws',
        'req-1',
        CALLER_TRACE,
        CALLER,
      ]);
      expect(sut.signal).toBe(signal);
    });

    it('falls back to the workflow id and a new trace id for jobs and rows stored before correlation', () => {
      const sut = attemptContext(
        { workflowId: 'wf-1', tenantId: 'acme' },
        stored({ requestId: null, traceId: null }),
        signal,
        sequentialIds(),
      );
      expect([sut.requestId, sut.traceId, sut.traceContext]).toEqual(['wf-1', '1'.padStart(32, '0'), undefined]);
    });
  });

  describe(withinTrace.name, () => {
    it("makes the spans started in it children of the context's W3C trace context", () => {
      const ctx = OrchestrationContext.create({ traceContext: CALLER }, sequentialIds());
      withinTrace(ctx, () => trace.getTracer('t').startSpan('child').end());
      expect(ended().map((s) => [s.name, s.traceId, s.parentSpanId])).toEqual([
        ['child', CALLER_TRACE, '00f067aa0ba902b7'],
      ]);
    });

    it('leaves spans started in it at the root without a trace context', () => {
      withinTrace(OrchestrationContext.create({}, sequentialIds()), () => trace.getTracer('t').startSpan('root').end());
      expect(ended().map((s) => [s.name, s.traceId, s.parentSpanId])).toEqual([['root', 'a'.repeat(32), undefined]]);
    });
  });
});
