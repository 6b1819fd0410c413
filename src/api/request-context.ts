import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrchestrationContext } from '../core/context/orchestration-context';
import { requestIdFrom } from '../core/logging/logger.params';
import type { IdGenerator } from '../core/runtime/id-generator';

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace id of a W3C `traceparent` header, when valid (not all zeros). */
export function traceIdFrom(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!match || /^0+$/.test(match[1])) return undefined;
  return match[1];
}

export interface ContextFields {
  tenantId?: string;
  workspaceId?: string;
  requestId?: string;
  metadata?: Record<string, unknown>;
}

/**
 * A root context for an API request: ids from the body's `context`, else the request id pino-http gave the
 * request (from `x-request-id`), the trace id from `traceparent`; aborted when the client disconnects.
 */
export function contextForRequest(
  req: FastifyRequest,
  reply: FastifyReply,
  fields: ContextFields | undefined,
  ids: IdGenerator,
): OrchestrationContext {
  const raw = req.raw as { id?: unknown };
  const requestId =
    fields?.requestId ?? (typeof raw.id === 'string' ? raw.id : requestIdFrom(req.headers['x-request-id'], ids));
  return OrchestrationContext.create(
    {
      tenantId: fields?.tenantId,
      workspaceId: fields?.workspaceId,
      requestId,
      traceId: traceIdFrom(req.headers.traceparent),
      metadata: fields?.metadata,
      signal: () => disconnectSignal(reply),
    },
    ids,
  );
}

/** Aborts when the response closes before it was fully written (the client went away). Made on first use only. */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const res = reply.raw;
  if (res.closed && !res.writableFinished) {
    controller.abort(new Error('client disconnected'));
    return controller.signal;
  }
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}
