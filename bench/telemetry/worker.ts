/**
 * One telemetry measurement in its own process; prints `{"nsPerCall": N}`:
 *   bare-inc | point | bare-span | facade-off | facade-on
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { TracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { Counter, Registry } from 'prom-client';

// The application and the telemetry service are imported only by the variants that use them: loading the whole
// app (its NLP model, SDKs, …) makes the heap larger and every allocation-heavy loop slower (a bare SDK span
// measured 2.3–2.4 µs with the app loaded, 1.6–1.7 µs without), which would flatter the ratios.

const N = 300_000;

/** Accepts batches and drops them: the SDK's cost without a network. */
const discard: SpanExporter = {
  export: (_spans: ReadableSpan[], done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => undefined,
};

function loop(fn: () => void, n = N): number {
  for (let i = 0; i < n / 5; i++) fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - started) / n;
}

async function facade(tracing: boolean): Promise<number> {
  // Loaded one after another with require(): parallel import()s of modules that require() the same ES module
  // (NestJS 12 is ES-module only) fail with ERR_REQUIRE_ESM_RACE_CONDITION.
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded by this variant only, in order (see above) */
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { Logger } = require('nestjs-pino') as typeof import('nestjs-pino');
  const { AppModule } = require('../../src/app.module') as typeof import('../../src/app.module.js');
  const { validateConfig } =
    require('../../src/core/config/config.loader') as typeof import('../../src/core/config/config.loader.js');
  const { OrchestrationContext } =
    require('../../src/core/context/orchestration-context') as typeof import('../../src/core/context/orchestration-context.js');
  const { OrchestrationFacade } =
    require('../../src/core/facade/orchestration.facade') as typeof import('../../src/core/facade/orchestration.facade.js');
  const { BenchOrchestratorsModule } =
    require('../kernel/bench-orchestrators') as typeof import('../kernel/bench-orchestrators.js');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = validateConfig({
    logging: {
      level: 'info',
      file: join(mkdtempSync(join(tmpdir(), 'crew-bench-')), 'telemetry.log'),
      httpRequests: false,
    },
    api: { graphql: false, docs: false },
    telemetry: { tracing, cycleEveryMs: 0 },
  });
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, imports: [BenchOrchestratorsModule] }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  const f = app.get(OrchestrationFacade);
  const ctx = OrchestrationContext.create({ tenantId: 'bench', requestId: 'bench-1' });
  for (let i = 0; i < 100_000; i++) await f.orchestrate('noop', ctx, {});
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await f.orchestrate('noop', ctx, {});
  const ns = Number(process.hrtime.bigint() - started) / N;
  await app.close();
  return ns;
}

async function main(): Promise<void> {
  const variant = process.argv[2];
  let ns: number;
  switch (variant) {
    case 'bare-inc': {
      const registry = new Registry();
      const counter = new Counter({
        name: 'jobs_done_total',
        help: 'h',
        labelNames: ['scope', 'queue'],
        registers: [registry],
      });
      ns = loop(() => counter.inc({ scope: 'application', queue: 'mail' }, 1));
      break;
    }
    case 'point': {
      /* eslint-disable @typescript-eslint/no-require-imports -- loaded by this variant only (see the imports) */
      const { EventEmitter2 } = require('@nestjs/event-emitter') as typeof import('@nestjs/event-emitter');
      const { validateConfig } =
        require('../../src/core/config/config.loader') as typeof import('../../src/core/config/config.loader.js');
      const { MetricsRegistry } =
        require('../../src/core/metrics/metrics.registry') as typeof import('../../src/core/metrics/metrics.registry.js');
      const { systemClock } =
        require('../../src/core/runtime/clock') as typeof import('../../src/core/runtime/clock.js');
      const { randomIds } =
        require('../../src/core/runtime/id-generator') as typeof import('../../src/core/runtime/id-generator.js');
      const { PromMirror } =
        require('../../src/infrastructure/telemetry/prom-mirror') as typeof import('../../src/infrastructure/telemetry/prom-mirror.js');
      const { TelemetryService } =
        require('../../src/infrastructure/telemetry/telemetry.service') as typeof import('../../src/infrastructure/telemetry/telemetry.service.js');
      const { TelemetryTracing } =
        require('../../src/infrastructure/telemetry/telemetry-tracing') as typeof import('../../src/infrastructure/telemetry/telemetry-tracing.js');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const config = validateConfig({ metrics: { defaultMetrics: false } });
      const registry = MetricsRegistry.create(config.metrics);
      const host = { collect: async () => ({ cpuPercent: 0, memoryPercent: 0, diskPercent: 0 }) };
      const sut = new TelemetryService(
        systemClock,
        randomIds,
        host,
        new TelemetryTracing(config.telemetry),
        new PromMirror(registry),
        new EventEmitter2(),
        config.telemetry,
      );
      const tags = { queue: 'mail' };
      ns = loop(() => sut.record('jobs.done', 1, 'counter', 'application', tags));
      break;
    }
    case 'bare-span': {
      const tracer = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: discard })] }).getTracer(
        'bench',
      );
      const attributes = {
        'orchestrator.name': 'noop',
        'orchestrator.layer': 'infrastructure',
        'tenant.id': 'bench',
        'request.id': 'bench-1',
        'orchestration.depth': 0,
      };
      ns = loop(() => {
        const span = tracer.startSpan('orchestrate noop', { attributes });
        span.setAttribute('orchestration.status', 'ok');
        span.end();
      });
      break;
    }
    case 'facade-off':
      ns = await facade(false);
      break;
    case 'facade-on':
      ns = await facade(true);
      break;
    default:
      throw new Error(`unknown variant ${variant}`);
  }
  process.stdout.write(`${JSON.stringify({ nsPerCall: ns })}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

export const VARIANTS = ['bare-inc', 'point', 'bare-span', 'facade-off', 'facade-on'];
