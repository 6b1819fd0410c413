/**
 * One HTTP server for the kernel benchmark, in its own process, on 127.0.0.1 with an ephemeral port:
 *   http-server.worker.ts nest [log|quiet] [als|no-als] [trace|no-trace] [auth-limits|auth|auth-off]
 *                                                         the whole service (kernel, pino to a file, metrics, tracing
 *                                                         with the in-process span ring) behind its security
 *                                                         boundary: API key, permission and rate limits (limits too
 *                                                         high to deny, so that their full check runs on every
 *                                                         request; default), key and permission only, or none
 *   http-server.worker.ts nest-bare                         a bare NestJS controller (Fastify adapter) returning the same JSON
 *   http-server.worker.ts bare-5.12.8                       a bare Fastify route returning the same JSON
 *   http-server.worker.ts bare-features [FEATURE...]        a bare Fastify route plus, wired by hand with the same libraries,
 *                                                         what the service's defaults do per request: x-request-id, the
 *                                                         body schema, an AsyncLocalStorage frame, one OpenTelemetry span
 *                                                         into a 1000-span ring, a counter and a histogram sample, and a
 *                                                         request log line (pino, batched, to a file); no kernel, no Nest.
 *                                                         FEATURE (id, schema, als, trace, metrics, log) keeps only those named;
 *                                                         `boundary` adds the security boundary's work by hand
 *                                                         (floor-boundary.ts) to them.
 * Prints `READY <port>`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.factory';
import { validateConfig } from '../../src/core/config/config.loader';
import { BenchOrchestratorsModule } from './bench-orchestrators';
import { BENCH_KEY } from '../lib/bench-key';
import { installFloorBoundary } from './floor-boundary';

const ROUTE = '/orchestrators/noop/orchestrate';

async function bare(fastifyModule: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path: the Fastify build measured
  const Fastify = require(fastifyModule) as (opts?: object) => FastifyInstance;
  const app = Fastify({ logger: false });
  app.post(ROUTE, async () => ({ status: 'ok', data: null }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

/**
 * The floor for the service's defaults: the same per-request features, each done once and directly with the
 * library the service uses, without the kernel's context, facade or registry, and without Nest.
 */
async function bareFeatures(args: string[]): Promise<number> {
  const boundary = args.includes('boundary');
  const only = args.filter((a) => a !== 'boundary');
  const on = (feature: string) => only.length === 0 || only.includes(feature);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded by this variant only */
  const Fastify = require('fastify') as (opts?: object) => FastifyInstance;
  const pino = require('pino') as typeof import('pino');
  const { AsyncLocalStorage } = require('node:async_hooks') as typeof import('node:async_hooks');
  const { randomUUID } = require('node:crypto') as typeof import('node:crypto');
  const otel = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const sdk = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const prom = require('prom-client') as typeof import('prom-client');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-'));
  const log = pino(
    { level: 'info' },
    pino.destination({ dest: join(dir, 'http.log'), sync: false, minLength: 8192, periodicFlush: 100 }),
  );
  const ring: unknown[] = new Array(1000);
  let head = 0;
  const provider = new sdk.TracerProvider({
    sampler: new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() }),
    spanProcessors: [
      {
        onStart() {},
        onEnd(span) {
          ring[head++ % 1000] = span;
        },
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  });
  const tracer = provider.getTracer('bench');
  const registry = new prom.Registry();
  const total = new prom.Counter({
    name: 'orchestrations_total',
    help: 'h',
    labelNames: ['orchestrator', 'layer', 'status'],
    registers: [registry],
  }).labels('noop', 'domain', 'ok');
  const duration = new prom.Histogram({
    name: 'orchestration_duration_seconds',
    help: 'h',
    labelNames: ['orchestrator', 'layer'],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  }).labels('noop', 'domain');
  // One storage frame a request holds both the request's fields and the OpenTelemetry context, as in the service.
  const als = new AsyncLocalStorage<{ requestId: string; otel: import('@opentelemetry/api').Context }>();
  otel.context.setGlobalContextManager({
    active: () => als.getStore()?.otel ?? otel.ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) =>
      als.run({ requestId: als.getStore()?.requestId ?? '', otel: ctx }, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  });
  const app = Fastify({
    logger: false,
    genReqId: (req: { headers: Record<string, unknown> }) =>
      typeof req.headers['x-request-id'] === 'string' ? req.headers['x-request-id'] : randomUUID(),
  });
  if (boundary) installFloorBoundary(app, BENCH_KEY);
  if (on('id'))
    app.addHook('onRequest', (req, reply, done) => {
      void reply.header('x-request-id', req.id);
      done();
    });
  if (on('log'))
    app.addHook('onResponse', (req, reply, done) => {
      log.info(
        {
          req: { id: req.id, method: req.method, url: req.url },
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime * 1000) / 1000,
        },
        'request completed',
      );
      done();
    });
  const schema = {
    type: 'object',
    additionalProperties: false,
    properties: { input: { type: 'object' }, context: { type: 'object' } },
  };
  const [useAls, useTrace, useMetrics] = [on('als'), on('trace'), on('metrics')];
  app.post<{ Params: { name: string } }>(
    '/orchestrators/:name/orchestrate',
    on('schema') ? { schema: { body: schema } } : {},
    (req) => {
      const started = performance.now();
      const span = useTrace
        ? tracer.startSpan(`orchestrate ${req.params.name}`, {
            attributes: { 'orchestrator.name': req.params.name, 'request.id': req.id },
          })
        : undefined;
      const handle = async () => {
        const result = { status: 'ok', data: null };
        if (useMetrics) {
          total.inc();
          duration.observe((performance.now() - started) / 1000);
        }
        span?.end();
        return result;
      };
      const spanContext = span ? otel.trace.setSpan(otel.ROOT_CONTEXT, span) : otel.ROOT_CONTEXT;
      return useAls ? als.run({ requestId: req.id, otel: spanContext }, handle) : handle();
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

@Controller('orchestrators')
class BareController {
  @Post(':name/orchestrate')
  @HttpCode(200)
  orchestrate() {
    return { status: 'ok', data: null };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function nestBare(): Promise<number> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as { port: number }).port;
}

/** Budgets the benchmark's load never exhausts: the limiter's whole check runs, and never denies. */
const UNLIMITED = { perMinute: 1_000_000, burst: 1_000_000 };

async function nest(
  httpRequests: boolean,
  contextPropagation: boolean,
  tracing: boolean,
  security: string,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-'));
  const logFile = join(dir, 'http.log');
  const config = validateConfig({
    logging: { level: 'info', file: logFile, httpRequests },
    persistence: { dataDir: join(dir, 'data') },
    kernel: { contextPropagation },
    telemetry: { tracing, cycleEveryMs: 0 },
    server: { host: '127.0.0.1' },
    security: { auth: security === 'auth-off' ? 'off' : 'on', bootstrapKey: BENCH_KEY },
    rateLimit: {
      enabled: security === 'auth-limits',
      scopes: { user: UNLIMITED, tenant: UNLIMITED, route: UNLIMITED, provider: UNLIMITED },
    },
  });
  const app = await createApp({ config, imports: [BenchOrchestratorsModule] });
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as { port: number }).port;
}

async function main(): Promise<void> {
  const [variant, log, als, traced, security = 'auth-limits'] = process.argv.slice(2);
  const port =
    variant === 'nest'
      ? await nest(log !== 'quiet', als !== 'no-als', traced !== 'no-trace', security)
      : variant === 'nest-bare'
        ? await nestBare()
        : variant === 'bare-features'
          ? await bareFeatures(process.argv.slice(3))
          : await bare('fastify');
  process.stdout.write(`READY ${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
