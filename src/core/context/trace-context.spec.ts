import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { parentContextOf, readTraceContext, traceContextOf, traceIdOf } from './trace-context';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('readTraceContext', () => {
  it('returns traceparent and tracestate as the W3C propagator writes them', () => {
    expect(
      readTraceContext({ traceparent: ` ${TRACEPARENT}`, tracestate: 'congo=t61rcWkgMzE, rojo=00f067aa0ba902b7' }),
    ).toEqual({ traceparent: TRACEPARENT, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7' });
  });

  it('leaves tracestate out when the carrier has none', () => {
    expect(readTraceContext({ traceparent: TRACEPARENT })).toEqual({ traceparent: TRACEPARENT });
  });

  it.each([
    ['missing', undefined],
    ['garbage', 'garbage'],
    ['upper-case', TRACEPARENT.toUpperCase()],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
  ])('returns undefined for a traceparent that is %s', (_case, traceparent) => {
    expect(readTraceContext({ traceparent, tracestate: 'a=1' })).toBeUndefined();
  });
});

describe('parentContextOf', () => {
  it('holds the remote span the trace context names', () => {
    expect(trace.getSpanContext(parentContextOf({ traceparent: TRACEPARENT }))).toEqual({
      traceId: TRACE_ID,
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
  });

  it('is the root context without a trace context', () => {
    expect(parentContextOf(undefined)).toBe(ROOT_CONTEXT);
  });
});

describe('traceContextOf', () => {
  it('writes back the trace context a context was made from, and nothing for the root context', () => {
    const traceContext = { traceparent: TRACEPARENT, tracestate: 'a=1' };
    expect([traceContextOf(parentContextOf(traceContext)), traceContextOf(ROOT_CONTEXT)]).toEqual([
      traceContext,
      undefined,
    ]);
  });
});

describe('traceIdOf', () => {
  it('returns the trace id of a trace context, undefined without one', () => {
    expect([traceIdOf({ traceparent: TRACEPARENT }), traceIdOf(undefined)]).toEqual([TRACE_ID, undefined]);
  });
});
