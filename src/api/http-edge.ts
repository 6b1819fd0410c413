import { HttpException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { Logger as PinoInstance } from 'pino';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { httpErrorBody } from './http-error.filter';
import { bodyTooLargeMessage } from './route-body-limits';

/**
 * Fastify-level behaviour of every route: the id Fastify gave the request (a valid `x-request-id` header, else
 * a new one) is shared with pino-http through the raw request and echoed in the `x-request-id` response header;
 * errors Fastify raises before Nest sees the request (malformed JSON, body too large — naming the route's limit —,
 * wrong content type) get the same error body as every other error. Server errors never leak their message.
 */
export function installHttpEdge(fastify: FastifyInstance, requestLogger?: PinoInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    (req.raw as { id?: string }).id = req.id;
    void reply.header('x-request-id', req.id);
    done();
  });
  // A POST without a body means "no context, no input" on routes that validate a body schema.
  fastify.addHook('preValidation', (req, _reply, done) => {
    if (req.body === undefined && req.routeOptions.schema?.body) req.body = {};
    done();
  });
  if (requestLogger) {
    // The line holds no headers, so none of the root logger's redact paths (authorization, cookie) can match: a
    // child without redaction skips pino's per-line copy of `req` (about 1 µs a request).
    const requestLog = requestLogger.child({}, { redact: [] });
    fastify.addHook('onResponse', (req, reply, done) => {
      requestLog.info(
        {
          req: { id: req.id, method: req.method, url: req.url },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime * 1000) / 1000,
        },
        'request completed',
      );
      done();
    });
  }
}

/**
 * Fastify's error handler: the errors that never reached a Nest route handler, and Nest HTTP exceptions thrown by
 * Fastify-level code (the security boundary's hooks, the hot route's context).
 */
export function edgeErrorHandler(error: FastifyError | HttpException, req: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    void reply.status(status).send(httpErrorBody(status, status >= 500 ? 'Internal server error' : error.message));
    return;
  }
  const statusCode =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  const message = statusCode >= 500 ? 'Internal server error' : bodyErrorMessage(error, req);
  void reply.status(statusCode).send(httpErrorBody(statusCode, message));
}

/**
 * The Fastify adapter with {@link edgeErrorHandler} installed at construction, before Nest registers its routes
 * (their encapsulated contexts inherit the handler of that moment; Nest's own handler, set later at init, never
 * reaches them, so body errors came back in Fastify's format). Nest's later call is ignored: one handler per scope.
 */
export class EdgeFastifyAdapter extends FastifyAdapter {
  constructor(options: FastifyServerOptions) {
    super(options);
    this.getInstance().setErrorHandler(edgeErrorHandler);
  }

  override setErrorHandler(): FastifyInstance {
    return this.getInstance();
  }

  /** `POST` paths served by a Fastify route of their own (see `installOrchestrateRoute`); Nest's copy is not registered. */
  readonly directPostRoutes = new Set<string>();

  override post(...args: unknown[]): FastifyInstance {
    if (typeof args[0] === 'string' && this.directPostRoutes.has(args[0])) return this.getInstance();
    return super.post(...args);
  }
}

function bodyErrorMessage(error: FastifyError, req: FastifyRequest): string | string[] {
  if (error.validation) return error.validation.map((v) => schemaErrorMessage(error.validationContext ?? 'body', v));
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body is not valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body is empty but content-type is application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLargeMessage(req);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'body has an unsupported content-type; send application/json';
    default:
      return error.message;
  }
}

interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** An ajv error as `field.path problem`, e.g. `context.tenant is not an allowed field`. */
export function schemaErrorMessage(root: string, e: SchemaError): string {
  const path = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : root;
  switch (e.keyword) {
    case 'additionalProperties':
      // An empty property name is shown as "" so that the message still names it.
      return `${e.instancePath ? path + '.' : ''}${String(e.params.additionalProperty) || '""'} is not an allowed field`;
    case 'type':
      return `${path} must be ${e.params.type === 'object' ? 'an object' : `a ${String(e.params.type)}`}`;
    case 'pattern':
      return `${path} must match ${String(e.params.pattern)}`;
    case 'enum':
      return `${path} must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    default:
      return `${path} ${e.message ?? 'is invalid'}`;
  }
}
