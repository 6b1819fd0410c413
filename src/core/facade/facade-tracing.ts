import { SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { StepResult } from '../result/step-result';

const TRACER_NAME = 'crew-orchestrator';
let tracer: Tracer | undefined;

export function facadeTracer(): Tracer {
  return (tracer ??= trace.getTracer(TRACER_NAME));
}

/**
 * Forgets the facade's tracer; call it after registering or unregistering a global tracer provider:
 * `trace.disable()` leaves earlier tracers bound to the old provider, so a later provider would get no spans.
 */
export function resetFacadeTracer(): void {
  tracer = undefined;
}

/** Ends a facade span with the result's status (an error's message as the span's status). */
export function endSpan(span: Span, result: StepResult): void {
  span.setAttribute('orchestration.status', result.status);
  if (result.status === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: result.error });
  span.end();
}
