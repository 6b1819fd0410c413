import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { httpErrorBody } from './http-error.filter';

/**
 * Fastify-level behaviour of every route: the id Fastify gave the request (a valid `x-request-id` header, else
 * a new one) is shared with pino-http through the raw request and echoed in the `x-request-id` response header;
 * errors Fastify raises before Nest sees the request (malformed JSON, body too large, wrong content type) get
 * the same error body as every other error. Server errors never leak their message.
 */
export function installHttpEdge(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    (req.raw as { id?: string }).id = req.id;
    void reply.header('x-request-id', req.id);
    done();
  });
}

/** Fastify's error handler: the errors that never reached a Nest route handler. */
export function edgeErrorHandler(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
  const message = statusCode >= 500 ? 'Internal server error' : bodyErrorMessage(error);
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
}

function bodyErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body is not valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body is empty but content-type is application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body is larger than the limit (server.bodyLimitBytes)';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'body has an unsupported content-type; send application/json';
    default:
      return error.message;
  }
}
