/**
 * One feedback-hub measurement in its own process; prints `{"value": N}`:
 *   submit        validated, queued submits per second (in process; no drain running)
 *   e2e           submits handed to their sink per second, in process (submit 5 000, drain, repeat)
 *   e2e-redis     the same through BullMQ on BENCH_REDIS_URL (per-type queues, consumers in this process)
 *   memory        heap bytes per 10 000 queued signals
 *   concurrent M  submits per second with 512 in flight and each submit's latency (p50, p99), in durability mode
 *                 M: `memory`, `durable` (embedded database) or `durable-pg` (PostgreSQL at BENCH_DATABASE_URL)
 *   log-size      bytes of the durable input log per 10 000 signals, and how long compacting 100 000 of them takes
 *   http M        a server on 127.0.0.1 in durability mode M (prints READY <port>) for autocannon
 * The hub runs inside the whole application (createApplicationContext), as a user would get it. The first three
 * measure the hub itself, so they run in `memory` mode; the others say which mode they measure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { createApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { FeedbackJournal } from '../../src/application/feedback/durable/feedback-journal';
import { Client } from 'pg';
import { BENCH_SECURITY } from '../lib/bench-key';
import { FeedbackService } from '../../src/application/feedback/feedback.service';
import { validateConfig } from '../../src/core/config/config.loader';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { COMPONENT_TYPES, type FeedbackSignalInput } from '../../src/core/ports/feedback.port';

const TYPES = COMPONENT_TYPES.filter((t) => t !== 'model'); // no bandits provider: model signals would stay queued

type Durability = 'memory' | 'durable' | 'durable-pg' | 'durable-pg-shared';

/** Modes on PostgreSQL (a fresh database each round). */
const onPg = (d: Durability) => d === 'durable-pg' || d === 'durable-pg-shared';

/**
 * A new database on the PostgreSQL server of BENCH_DATABASE_URL, for this process alone: a durable hub recovers
 * what an earlier round left in the same database.
 */
async function freshDatabase(): Promise<string> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) throw new Error('BENCH_DATABASE_URL is not set');
  const url = new URL(server);
  const name = `feedback_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

function benchConfig(
  dir: string,
  durability: Durability,
  redisUrl?: string,
  databaseUrl?: string,
  drainEveryMs = redisUrl ? 50 : 3_600_000,
) {
  if (onPg(durability) && !databaseUrl) throw new Error(`no database for ${durability}`);
  return validateConfig({
    ...BENCH_SECURITY,
    // PostgreSQL needs the pepper and the audit checkpoint key given (instances sharing it must agree on them).
    security: { ...BENCH_SECURITY.security, pepper: 'bench-pepper-'.padEnd(40, 'x') },
    audit: { checkpointKey: 'bench-audit-checkpoint-'.padEnd(64, 'x') },
    logging: { level: 'warn', file: join(dir, 'feedback.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    metrics: { defaultMetrics: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: {
      dataDir: join(dir, 'data'),
      databaseUrl,
      redisUrl,
      redisPrefix: `bench${process.pid}`,
      durability: durability === 'memory' ? 'memory' : 'durable',
    },
    // The drain job is driven by hand in process, only starts the consumers with Redis, and runs by itself behind
    // the HTTP server (a durable queue that is never drained fills and refuses).
    feedback: { drainEveryMs, consumerConcurrency: 50 },
  });
}

async function boot(redisUrl?: string, durability: Durability = 'memory') {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-feedback-'));
  const databaseUrl = onPg(durability) ? await freshDatabase() : undefined;
  const config = benchConfig(dir, durability, redisUrl, databaseUrl);
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

/** 100 000 submits with 512 in flight (after 20 000 to warm up): the rate, and each submit's latency. */
async function concurrent(durability: Durability): Promise<{ value: number; p50Ms: number; p99Ms: number }> {
  // Scale-out mode: one instance with Redis, so appends take the cluster's lock and are read back in log order.
  const redisUrl = durability === 'durable-pg-shared' ? process.env.BENCH_REDIS_URL : undefined;
  if (durability === 'durable-pg-shared' && !redisUrl) throw new Error('no Redis for durable-pg-shared');
  const { app, hub } = await boot(redisUrl, durability);
  const inFlight = 512;
  const run = async (from: number, n: number, latencies?: number[]) => {
    let next = from;
    const client = async () => {
      while (next < from + n) {
        const i = next++;
        const t0 = performance.now();
        const r = await hub.submit(ctx, signal(i));
        latencies?.push(performance.now() - t0);
        if (r.status !== 'ok') throw new Error(`submit ${i}: ${JSON.stringify(r)}`);
      }
    };
    await Promise.all(Array.from({ length: inFlight }, client));
  };
  // The queues hold 10 000 per type in durable mode (a full one refuses): drained between the rounds.
  const drain = async () => {
    while ((await hub.drainOnce(10_000)) > 0);
  };
  await run(0, 20_000);
  await drain();
  const latencies: number[] = [];
  const n = 40_000;
  const started = process.hrtime.bigint();
  await run(20_000, n, latencies);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { value: n / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** Bytes of the log per 10 000 signals, and the milliseconds compaction takes to delete 100 000 of them. */
async function logSize(): Promise<{ value: number; compactMs: number }> {
  const { app, hub } = await boot(undefined, 'durable');
  const durability = hub.durability;
  if (!durability) throw new Error('the hub is not durable');
  const n = 100_000;
  for (let done = 0; done < n; done += 10_000) {
    await Promise.all(Array.from({ length: 10_000 }, (_, k) => hub.submit(ctx, signal(done + k))));
    while ((await hub.drainOnce(10_000)) > 0);
  }
  const journal = app.get(FeedbackJournal);
  const { rows, bytes } = await journal.size();
  if (rows !== n) throw new Error(`the log holds ${rows} of ${n}`);
  await durability.saveChanged();
  const started = performance.now();
  // Everything is covered by the snapshot and (a day later) older than a minute.
  const deleted = await journal.compact(Date.now() + 86_400_000, 60_000, 1_000_000);
  const compactMs = performance.now() - started;
  if (deleted !== n) throw new Error(`compaction deleted ${deleted} of ${n}`);
  await app.close();
  return { value: (bytes / n) * 10_000, compactMs };
}

/**
 * Milliseconds a shutdown (`app.close()`) takes with 10 000 accepted signals still queued for their sinks; `slow`:
 * every sink takes 1 ms a signal (a sink that calls out, say).
 */
async function shutdown(durability: Durability, slow: boolean): Promise<number> {
  const { app, hub } = await boot(undefined, durability);
  if (slow)
    for (const t of TYPES)
      hub.registerSink(t, { ready: () => true, accept: () => new Promise((r) => setTimeout(r, 1)) });
  const n = 10_000;
  for (let done = 0; done < n; done += 500)
    await Promise.all(Array.from({ length: 500 }, (_, k) => hub.submit(ctx, signal(done + k))));
  const queued = TYPES.reduce((sum, t) => sum + hub.queues.size(t), 0);
  if (queued !== n) throw new Error(`queued ${queued} of ${n}`);
  const started = performance.now();
  await app.close();
  return performance.now() - started;
}

async function http(durability: Durability): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-feedback-http-'));
  const databaseUrl = onPg(durability) ? await freshDatabase() : undefined;
  const app = await createApp({ config: benchConfig(dir, durability, undefined, databaseUrl, 100) });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`READY ${(app.getHttpServer().address() as { port: number }).port}\n`);
}

async function main(): Promise<void> {
  const [variant, mode] = process.argv.slice(2);
  if (variant === 'http') return http(mode as Durability);
  if (variant === 'concurrent') {
    process.stdout.write(`${JSON.stringify(await concurrent(mode as Durability))}\n`);
    return;
  }
  if (variant === 'shutdown') {
    const slow = process.argv[4] === 'slow';
    process.stdout.write(`${JSON.stringify({ value: await shutdown(mode as Durability, slow) })}\n`);
    return;
  }
  if (variant === 'log-size') {
    process.stdout.write(`${JSON.stringify(await logSize())}\n`);
    return;
  }
  const run = { submit, e2e, 'e2e-redis': e2eRedis, memory }[variant as 'submit'];
  if (!run) throw new Error(`unknown variant ${variant}`);
  process.stdout.write(`${JSON.stringify({ value: await run() })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
