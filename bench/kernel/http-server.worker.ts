/**
 * One HTTP server for the kernel benchmark, in its own process, on 127.0.0.1 with an ephemeral port:
 *   http-server.worker.ts nest [log|quiet] [als|no-als] [trace|no-trace]   the whole service (kernel, pino to a file,
 *                                                         metrics, tracing with the in-process span ring)
 *   http-server.worker.ts nest-bare                         a bare NestJS controller (Fastify adapter) returning the same JSON
 *   http-server.worker.ts bare-5.12.8 | bare-5.11.3         a bare Fastify route returning the same JSON
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

const ROUTE = '/orchestrators/noop/orchestrate';

async function bare(fastifyModule: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Fastify = require(fastifyModule) as (opts?: object) => FastifyInstance;
  const app = Fastify({ logger: false });
  app.post(ROUTE, async () => ({ status: 'ok', data: null }));
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

async function nest(httpRequests: boolean, contextPropagation: boolean, tracing: boolean): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-'));
  const logFile = join(dir, 'http.log');
  const config = validateConfig({ logging: { level: 'info', file: logFile, httpRequests }, persistence: { dataDir: join(dir, 'data') }, kernel: { contextPropagation }, telemetry: { tracing, cycleEveryMs: 0 } });
  const app = await createApp({ config, imports: [BenchOrchestratorsModule] });
  await app.listen(0, '127.0.0.1');
  return (app.getHttpServer().address() as { port: number }).port;
}

async function main(): Promise<void> {
  const [variant, log, als, traced] = process.argv.slice(2);
  const port =
    variant === 'nest'
      ? await nest(log !== 'quiet', als !== 'no-als', traced !== 'no-trace')
      : variant === 'nest-bare'
        ? await nestBare()
        : variant === 'bare-5.11.3'
          ? await bare('fastify-5-11')
          : await bare('fastify');
  process.stdout.write(`READY ${port}\n`);
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
