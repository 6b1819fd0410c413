import type { Params } from 'nestjs-pino';
import pino, { type Logger as PinoInstance } from 'pino';
import type { AppConfig } from '../config/app-config';
import type { IdGenerator } from '../runtime/id-generator';

/** Accepted `x-request-id` values: short and free of characters that could forge log or header content. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id of an incoming request: a valid `x-request-id` header, else a new id. */
export function requestIdFrom(header: string | string[] | undefined, ids: IdGenerator): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : ids.uuid();
}

/**
 * Lines are written in batches: once 8 KiB are buffered, else every 100 ms, and at exit. One write a line cost
 * about as much as the rest of a no-op request (the request log line is written for every request).
 */
const BATCHING = { minLength: 8192, periodicFlush: 100 } as const;

/** The application's one pino logger: JSON lines to stdout or `logging.file`, written asynchronously, in batches. */
export function createRootLogger(config: AppConfig): PinoInstance {
  const destination = config.logging.file
    ? pino.destination({ dest: config.logging.file, sync: false, mkdir: true, ...BATCHING })
    : pino.destination({ dest: 1, sync: false, ...BATCHING });
  return pino(
    { level: config.logging.level, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    destination,
  );
}

/**
 * nestjs-pino options: Nest's logger writes through `logger`. Its per-request middleware is not installed
 * (`forRoutes: []`): through Fastify's middleware layer it cost ~60 µs a request here; request lines are written
 * by a Fastify hook instead (see `installHttpEdge`), and orchestration lines carry `request_id` themselves.
 */
export function loggerParams(logger: PinoInstance): Params {
  return { pinoHttp: { logger }, forRoutes: [] };
}
