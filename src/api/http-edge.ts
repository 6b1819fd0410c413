import type { FastifyError, FastifyInstance } from 'fastify';
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
  fastify.setErrorHandler((error: FastifyError, _req, reply) => {
    const statusCode = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    const message = statusCode >= 500 ? 'Internal server error' : bodyErrorMessage(error);
    void reply.status(statusCode).send(httpErrorBody(statusCode, message));
  });
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
