import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import type { IdGenerator } from '../runtime/id-generator';

/** Accepted `x-request-id` values: short and free of characters that could forge log or header content. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of an incoming request: a valid `x-request-id` header, else a new id. */
export function requestIdFrom(header: string | string[] | undefined, ids: IdGenerator): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : ids.uuid();
}

/** nestjs-pino options: JSON lines to stdout or `logging.file`, one id per request echoed in `x-request-id`. */
export function loggerParams(config: AppConfig, ids: IdGenerator): Params {
  const destination = config.logging.file
    ? pino.destination({ dest: config.logging.file, sync: false, mkdir: true })
    : pino.destination({ dest: 1, sync: false });
  return {
    pinoHttp: [
      {
        level: config.logging.level,
        autoLogging: config.logging.httpRequests,
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        // Fastify assigns the id (see app.factory.ts); this is the fallback for servers that do not.
        genReqId: (req: IncomingMessage & { id?: unknown }) => (typeof req.id === 'string' ? req.id : requestIdFrom(req.headers['x-request-id'], ids)),
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        },
      },
      destination,
    ],
  };
}
