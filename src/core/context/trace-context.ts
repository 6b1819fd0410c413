import { defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * A W3C trace context as its two headers carry it: the caller's span (trace id, parent span id, sampling flag) and
 * the vendor state that goes with it. Plain strings, so it travels in a job payload and is stored with a record.
 */
export interface W3CTraceContext {
  /** `00-<trace id>-<parent span id>-<flags>`, lower-case hex. */
  readonly traceparent: string;
  /** Sent only when the caller had vendor state. */
  readonly tracestate?: string;
}

/** Header names to values, as Node gives request headers; also a job payload or a {@link W3CTraceContext}. */
export type TraceCarrier = Readonly<Record<string, string | string[] | undefined>>;

// The propagator itself rather than the global `propagation` API: that one is a no-op until a propagator is
// registered, and trace contexts must be read and stored whether tracing is on or off.
const w3c = new W3CTraceContextPropagator();

/**
 * The valid W3C trace context in `carrier` (`traceparent`, and `tracestate` when present), as the propagator writes
 * it; undefined when there is no valid `traceparent` (malformed, upper-case, all-zero ids).
 */
export function readTraceContext(carrier: TraceCarrier): W3CTraceContext | undefined {
  return traceContextOf(w3c.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
}

/** The W3C trace context of the span in an OpenTelemetry context; undefined when it holds no valid span. */
export function traceContextOf(context: Context): W3CTraceContext | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(context, carrier, defaultTextMapSetter);
  if (!carrier.traceparent) return undefined;
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

/**
 * An OpenTelemetry context holding the remote span a trace context names, so that a span started in it is that
 * span's child, in its trace; the root context (a span started there begins a new trace) when there is none.
 */
export function parentContextOf(traceContext: W3CTraceContext | undefined): Context {
  return traceContext ? w3c.extract(ROOT_CONTEXT, traceContext, defaultTextMapGetter) : ROOT_CONTEXT;
}

/** The trace id a trace context names, when it is valid. */
export function traceIdOf(traceContext: W3CTraceContext | undefined): string | undefined {
  return traceContext ? trace.getSpanContext(parentContextOf(traceContext))?.traceId : undefined;
}
