/**
 * One feedback-hub measurement in its own process; prints `{"value": N}`:
 *   submit        validated, queued submits per second (in process; no drain running)
 *   e2e           submits handed to their sink per second, in process (submit 5 000, drain, repeat)
 *   e2e-redis     the same through BullMQ on BENCH_REDIS_URL (per-type queues, consumers in this process)
 *   memory        heap bytes per 10 000 queued signals
 * The hub runs inside the whole application (createApplicationContext), as a user would get it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../src/app.module';
import { FeedbackService } from '../../src/application/feedback/feedback.service';
import { validateConfig } from '../../src/core/config/config.loader';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { COMPONENT_TYPES, type FeedbackSignalInput } from '../../src/core/ports/feedback.port';

const TYPES = COMPONENT_TYPES.filter((t) => t !== 'model'); // no bandits provider: model signals would stay queued

async function boot(redisUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-feedback-'));
  const config = validateConfig({
    logging: { level: 'warn', file: join(dir, 'feedback.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    metrics: { defaultMetrics: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: { dataDir: join(dir, 'data'), redisUrl, redisPrefix: `bench${process.pid}` },
    // The drain job is driven by hand here (in process) or only starts the consumers (Redis).
    feedback: { drainEveryMs: redisUrl ? 50 : 3_600_000, consumerConcurrency: 50 },
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  await app.init();
  return { app, hub: app.get(FeedbackService) };
}

function signal(i: number): FeedbackSignalInput {
  return {
    componentType: TYPES[i % TYPES.length],
    componentId: `c-${i % 50}`,
    reward: (i % 10) / 10,
    confidence: 0.9,
    context: { latency_ms: i % 700 },
  };
}

const ctx = OrchestrationContext.create({ tenantId: 'bench' });

async function submit(): Promise<number> {
  const { app, hub } = await boot();
  const n = 300_000;
  for (let i = 0; i < 50_000; i++) await hub.submit(ctx, signal(i));
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await hub.submit(ctx, signal(i));
  const rate = n / (Number(process.hrtime.bigint() - started) / 1e9);
  await app.close();
  return rate;
}

async function e2e(): Promise<number> {
  const { app, hub } = await boot();
  const n = 300_000;
  const chunk = 5000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i += chunk) {
    for (let k = i; k < i + chunk; k++) await hub.submit(ctx, signal(k));
    await hub.drainOnce(chunk);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { processed } = hub.tenant(ctx.tenantId).counts;
  if (processed !== n) throw new Error(`processed ${processed} of ${n}`);
  await app.close();
  return n / seconds;
}

async function e2eRedis(): Promise<number> {
  const url = process.env.BENCH_REDIS_URL;
  if (!url) throw new Error('BENCH_REDIS_URL is not set');
  const { app, hub } = await boot(url);
  await hub.drainOnce(); // starts the consumers
  const n = Number(process.env.BENCH_FEEDBACK_REDIS_SIGNALS ?? 20_000);
  const inFlight = 200;
  const started = process.hrtime.bigint();
  const pending = new Set<Promise<unknown>>();
  for (let i = 0; i < n; i++) {
    const p = hub.submit(ctx, signal(i)).then((r) => {
      if (r.status !== 'ok') throw new Error(`submit ${i}: ${JSON.stringify(r)}`);
      pending.delete(p);
    });
    pending.add(p);
    if (pending.size >= inFlight) await Promise.race(pending);
  }
  await Promise.all(pending);
  while (hub.tenant(ctx.tenantId).counts.processed < n) await new Promise((r) => setTimeout(r, 5));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  return n / seconds;
}

async function memory(): Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { app, hub } = await boot();
  const per = 10_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < per * TYPES.length; i++) await hub.submit(ctx, signal(i));
  gc();
  const after = process.memoryUsage().heapUsed;
  const queued = TYPES.reduce((sum, t) => sum + hub.queues.size(t), 0);
  if (queued !== per * TYPES.length) throw new Error(`queued ${queued}`);
  await app.close();
  return ((after - before) / queued) * per;
}

async function main(): Promise<void> {
  const variant = process.argv[2];
  const run = { submit, e2e, 'e2e-redis': e2eRedis, memory }[variant as 'submit'];
  if (!run) throw new Error(`unknown variant ${variant}`);
  process.stdout.write(`${JSON.stringify({ value: await run() })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
