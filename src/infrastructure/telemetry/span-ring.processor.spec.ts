import { context, trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SpanRingProcessor } from './span-ring.processor';

describe(SpanRingProcessor.name, () => {
  it('keeps the newest 1 000 ended spans of 1 001 and counts running ones (B9.8)', () => {
    const sut = new SpanRingProcessor(1000);
    const tracer = new TracerProvider({ spanProcessors: [sut] }).getTracer('t');
    const open = tracer.startSpan('still running');
    for (let i = 0; i < 1001; i++) tracer.startSpan(`op${i}`, {}, context.active()).end();
    expect(sut.active).toBe(1);
    expect(sut.spans()).toHaveLength(1000);
    expect(sut.spans()[0].name).toBe('op1');
    expect(sut.spans(1)[0].name).toBe('op1000');
    open.end();
    expect(sut.active).toBe(0);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('reports durations and the error status', () => {
    const sut = new SpanRingProcessor(10);
    const tracer = new TracerProvider({ spanProcessors: [sut] }).getTracer('t');
    const span = tracer.startSpan('x', { startTime: new Date(1_700_000_000_000) });
    span.setStatus({ code: 2, message: 'boom' });
    span.end(new Date(1_700_000_000_250));
    expect(sut.spans()[0]).toMatchObject({
      name: 'x',
      durationMs: 250,
      status: 'error',
      startedAt: 1_700_000_000_000,
      endedAt: 1_700_000_000_250,
    });
  });
});
