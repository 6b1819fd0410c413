import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrchestrationContext } from '../context/orchestration-context';
import { readTraceContext } from '../context/trace-context';
import { requestIdFrom } from '../logging/logger.params';
import type { IdGenerator } from '../runtime/id-generator';
import type { Principal } from '../security/principal';
import { requestTenant, tenantFromHeader, type ActingForTenant } from './request-tenant';

/** What the security boundary leaves on the raw request: the authenticated principal. */
export interface AuthenticatedRaw extends ActingForTenant {
  id?: unknown;
  principal?: Principal;
}

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
 * A root context for an API request: its principal (put on the raw request by the security boundary) and the
 * tenant {@link requestTenant} decides from it and from the tenant the request names (`fields.tenantId`, the generic
 * route's body `context`, else the `x-tenant-id` header); the given fields, else the request id the HTTP edge gave the request (from `x-request-id`), the trace id
 * from `traceparent` and, when `traceparent` is valid W3C, the trace context itself (with `tracestate`); aborted when
 * the client disconnects. Used by the hot Fastify route and by `@RequestCtx()`.
 */
export function contextForRequest(
  req: FastifyRequest,
  reply: FastifyReply,
  fields: ContextFields | undefined,
  ids: IdGenerator,
): OrchestrationContext {
  const raw = req.raw as AuthenticatedRaw;
  const requested = fields?.tenantId ?? tenantFromHeader(req.headers['x-tenant-id']);
  const requestId =
    fields?.requestId ?? (typeof raw.id === 'string' ? raw.id : requestIdFrom(req.headers['x-request-id'], ids));
  return OrchestrationContext.create(
    {
      tenantId: requestTenant(raw.principal, requested, raw),
      principal: raw.principal,
      workspaceId: fields?.workspaceId,
      requestId,
      traceId: traceIdFrom(req.headers.traceparent),
      traceContext: req.headers.traceparent === undefined ? undefined : readTraceContext(req.headers),
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
