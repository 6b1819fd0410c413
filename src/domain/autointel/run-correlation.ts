import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import {
  parentContextOf,
  readTraceContext,
  traceContextOf,
  traceIdOf,
  type W3CTraceContext,
} from '../../core/context/trace-context';
import type { IdGenerator } from '../../core/runtime/id-generator';
import type { RunJob, RunRecord } from './autointel.types';

/** The tracer of the span that begins a run's trace (the facade's spans use the same name). */
const TRACER_NAME = 'crew-orchestrator';

/** What a run keeps of the request that started it. */
export interface RunOrigin {
  readonly requestId: string;
  /** The trace of the run's spans. */
  readonly traceId: string;
  /** The span the run's spans are children of; undefined with tracing off and no valid `traceparent`. */
  readonly traceContext: W3CTraceContext | undefined;
}

/**
 * The origin of a new run started by the request of `origin`: its request id and its W3C trace context — else, with
 * tracing on, a new trace begun by a producer span ended at once (`enqueue <queue>`), so that the spans of every
 * attempt of the run share one trace. With tracing off and no `traceparent`, the request's own trace id stands for
 * the trace (there is no span to start one with).
 */
export function runOrigin(
  origin: OrchestrationContext,
  run: Pick<RunRecord, 'workflowId' | 'tenantId'>,
  options: { readonly queue: string; readonly tracing: boolean },
): RunOrigin {
  const traceContext =
    origin.traceContext ?? (options.tracing ? newTrace(options.queue, run, origin.requestId) : undefined);
  return { requestId: origin.requestId, traceId: traceIdOf(traceContext) ?? origin.traceId, traceContext };
}

/** The job payload of a run: the run, its request id and its trace context. */
export function runJob(run: Pick<RunRecord, 'workflowId' | 'tenantId'>, origin: RunOrigin): RunJob {
  return { workflowId: run.workflowId, tenantId: run.tenantId, requestId: origin.requestId, ...origin.traceContext };
}

/**
 * The root context of one attempt of a run: the run's tenant and workspace, the request id and trace context its job
 * carries, the run's trace id. Jobs and rows from before the request id was recorded use the workflow id, as they
 * did then.
 */
export function attemptContext(
  job: RunJob,
  run: RunRecord,
  signal: AbortSignal,
  ids: IdGenerator,
): OrchestrationContext {
  const traceContext = readTraceContext({ traceparent: job.traceparent, tracestate: job.tracestate });
  return OrchestrationContext.create(
    {
      tenantId: run.tenantId,
      workspaceId: run.workspaceId,
      requestId: job.requestId ?? run.requestId ?? run.workflowId,
      traceId: run.traceId ?? traceIdOf(traceContext),
      traceContext,
      signal,
    },
    ids,
  );
}

/** Runs `fn` with the remote span of `ctx`'s trace context active, so that spans it starts are that span's children. */
export function withinTrace<T>(ctx: OrchestrationContext, fn: () => T): T {
  return context.with(parentContextOf(ctx.traceContext), fn);
}

function newTrace(
  queue: string,
  { workflowId, tenantId }: Pick<RunRecord, 'workflowId' | 'tenantId'>,
  requestId: string,
): W3CTraceContext | undefined {
  const span = trace.getTracer(TRACER_NAME).startSpan(
    `enqueue ${queue}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: { 'tenant.id': tenantId, 'request.id': requestId, 'autointel.workflow_id': workflowId },
    },
    ROOT_CONTEXT,
  );
  span.end();
  return traceContextOf(trace.setSpan(ROOT_CONTEXT, span));
}
