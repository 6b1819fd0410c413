/**
 * The `hierarchical` service measured whole, in its own process; prints one JSON line:
 *   service-worker.ts embedded   the application embedded: PGlite in a temp directory, no Redis; attempts run in
 *                                this process
 *   service-worker.ts redis      PostgreSQL (a new database on the server of BENCH_DATABASE_URL) and Redis
 *                                (BENCH_REDIS_URL): every attempt is a BullMQ job of `hierarchy.tasks`, taken by
 *                                this same instance, its settling signalled over pub/sub
 * The application comes from the app factory with a module adding the `noop` task type; requests are injected
 * into Fastify (no socket) with the bench key. 120 agents able to take `noop` are registered first (routing gives
 * an idle agent at most 9 tasks a pass), then sessions run one after the other, each from
 * `POST /hierarchy/sessions?wait=true` to its finished view: the 1 000-task DAG (the process's first session),
 * 1 000 independent tasks, the DAG again, then one-task sessions (`oneTaskMs`: the median of 10 after 2).
 * Each large one gives `{ tasks, totalMs, beforeRunMs, runMs, afterMs, sql }`: before the run is the request up
 * to the session's start (validation, plan, store, queue), after it the finished view read and answered; `sql`
 * counts the statements sent meanwhile (see statement-profile.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createApp } from '../../src/app.factory';
import { validateConfig } from '../../src/core/config/config.loader';
import type { Objective } from '../../src/domain/hierarchical/planning/hierarchy.types';
import { BENCH_AUTH, BENCH_SECURITY } from '../lib/bench-key';
import { independent, randomDag } from './dag';
import { BenchTasksModule } from './noop-task';
import { statementProfile, type StatementCounts } from './statement-profile';

const AGENT_COUNT = 120;
const TASKS = 1000;
/** The bench's phase concurrency, and in Redis mode the attempts this instance takes at once. */
const SERVICE_PARALLEL = 50;

interface SessionView {
  readonly status: string;
  readonly error: string | null;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly tasks: readonly { readonly status: string }[];
  readonly sessionId: string;
}

export interface ServiceSession {
  readonly tasks: number;
  readonly totalMs: number;
  readonly beforeRunMs: number;
  readonly runMs: number;
  readonly afterMs: number;
  readonly sql: StatementCounts;
}

export interface ServiceSample {
  readonly dag: ServiceSession;
  readonly independent: ServiceSession;
  readonly dagAgain: ServiceSession;
  readonly oneTaskMs: number;
}

const ONE_TASK_SESSIONS = 10;

const profile = statementProfile();

/** A new database on the PostgreSQL server of BENCH_DATABASE_URL, for this process alone. */
async function freshDatabase(): Promise<string> {
  const server = process.env.BENCH_DATABASE_URL;
  if (!server) throw new Error('BENCH_DATABASE_URL is not set');
  const name = `hierarchy_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function boot(mode: string): Promise<NestFastifyApplication> {
  if (mode !== 'embedded' && mode !== 'redis') throw new Error(`unknown mode ${mode}`);
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-hierarchy-'));
  const redisUrl = mode === 'redis' ? process.env.BENCH_REDIS_URL : undefined;
  if (mode === 'redis' && !redisUrl) throw new Error('BENCH_REDIS_URL is not set');
  const databaseUrl = mode === 'redis' ? await freshDatabase() : undefined;
  const config = validateConfig({
    ...BENCH_SECURITY,
    // PostgreSQL needs the pepper and the audit checkpoint key given (instances sharing it must agree on them).
    security: { ...BENCH_SECURITY.security, pepper: 'bench-pepper-'.padEnd(40, 'x') },
    audit: { checkpointKey: 'bench-audit-checkpoint-'.padEnd(64, 'x') },
    logging: { level: 'warn', file: join(dir, 'hierarchy.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    metrics: { defaultMetrics: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: { dataDir: join(dir, 'data'), databaseUrl, redisUrl, redisPrefix: `bench${process.pid}` },
    // Agents send no heartbeats here: they must not go stale while sessions run on a loaded machine.
    hierarchy: { maxParallel: SERVICE_PARALLEL, workerConcurrency: SERVICE_PARALLEL, staleAgentMs: 86_400_000 },
  });
  const app = await createApp({ config, imports: [BenchTasksModule] });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

const FINISHED = new Set(['completed', 'failed', 'partial', 'cancelled']);

async function session(app: NestFastifyApplication, objectives: readonly Objective[]): Promise<ServiceSession> {
  const fastify = app.getHttpAdapter().getInstance();
  const request = async (method: 'GET' | 'POST', url: string, payload?: object): Promise<SessionView> => {
    const res = await fastify.inject({ method, url, payload, headers: BENCH_AUTH });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json<SessionView>();
  };
  profile.reset();
  const wallStart = Date.now();
  const started = performance.now();
  let view = await request('POST', '/hierarchy/sessions?wait=true', { mission: { name: 'bench' }, objectives });
  // ?wait=true answers a session still going after 120 s as it is: then it is polled.
  while (!FINISHED.has(view.status)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    view = await request('GET', `/hierarchy/sessions/${view.sessionId}`);
  }
  const totalMs = performance.now() - started;
  const sql = profile.snapshot();
  const completed = view.tasks.filter((t) => t.status === 'completed').length;
  if (view.status !== 'completed' || completed !== objectives.length)
    throw new Error(
      `session ${view.status}: ${completed} of ${objectives.length} tasks completed (${view.error?.slice(0, 300)})`,
    );
  const startedAt = view.startedAt!;
  const finishedAt = view.finishedAt!;
  return {
    tasks: objectives.length,
    totalMs,
    beforeRunMs: startedAt - wallStart,
    runMs: finishedAt - startedAt,
    afterMs: totalMs - (finishedAt - wallStart),
    sql,
  };
}

async function main(): Promise<void> {
  const app = await boot(process.argv[2]);
  try {
    const fastify = app.getHttpAdapter().getInstance();
    for (let i = 0; i < AGENT_COUNT; i++) {
      const res = await fastify.inject({
        method: 'POST',
        url: '/hierarchy/agents',
        headers: BENCH_AUTH,
        payload: {
          agentId: `agent-${i}`,
          role: i % 2 === 0 ? 'fact_checker' : 'content_ingestion',
          capabilities: ['noop'],
          capacity: 1000,
        },
      });
      if (res.statusCode >= 300) throw new Error(`register agent-${i}: ${res.statusCode} ${res.body}`);
    }
    const dag = await session(app, randomDag());
    const tasks = await session(app, independent(TASKS));
    const dagAgain = await session(app, randomDag());
    const one: number[] = [];
    for (let i = 0; i < ONE_TASK_SESSIONS + 2; i++) one.push((await session(app, independent(1))).totalMs);
    const sorted = one.slice(2).sort((a, b) => a - b);
    const oneTaskMs = (sorted[ONE_TASK_SESSIONS / 2 - 1] + sorted[ONE_TASK_SESSIONS / 2]) / 2;
    const sample: ServiceSample = { dag, independent: tasks, dagAgain, oneTaskMs };
    process.stdout.write(JSON.stringify(sample) + '\n');
  } finally {
    await app.close();
  }
}

// Ends once the result is out and the application closed: a Redis subscriber left open must not hold it.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
