/**
 * One monitoring measurement in its own process; prints one JSON line.
 *
 *   steady <conditional|unconditional> <feed host base URL>
 *
 * One instance's engine (the service's scheduler, watchers, fetcher and store on a fresh embedded database) over
 * SOURCES feed sources. A first pass reads every feed (all items new; a run asked for each). Then ROUNDS steady
 * rounds: the feed host adds a post to 10 % of the feeds, and every source is checked once, CONCURRENCY at a time,
 * through the engine's `checkNow` (the same check as a scheduled one). Per round: wall time, this process's CPU time,
 * and the bytes received. `conditional` is the service as shipped (ETag / Last-Modified sent back, 304s);
 * `unconditional` drops the validators, as a poller without conditional GET would.
 *
 * Then the latency from a post to its run being asked for, when a push triggers the check (the content-runs port
 * here records the call: the main job's own queue insert is not included), and the heap per planned source.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Migrator } from 'kysely';
import { PersistenceConfig } from '../../src/core/config/kernel.config';
import { MetricsRegistry } from '../../src/core/metrics/metrics.registry';
import { CORE_MIGRATIONS } from '../../src/core/persistence/core.migrations';
import { openSqlDatabase } from '../../src/core/persistence/sql-database.factory';
import type { ContentRunsPort } from '../../src/core/ports/content-runs.port';
import { ok } from '../../src/core/result/step-result';
import { systemClock } from '../../src/core/runtime/clock';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { seededRandom } from '../../src/core/runtime/random';
import { RegistryCheckTimers } from '../../src/application/monitoring/engine/check-timers';
import { MonitoringMetrics } from '../../src/application/monitoring/engine/monitoring.metrics';
import { MonitoringScheduler } from '../../src/application/monitoring/engine/monitoring-scheduler';
import { MonitoringScheduleConfig } from '../../src/application/monitoring/engine/schedule.config';
import { createFeedWatchers } from '../../src/application/monitoring/feeds/create-watchers';
import { MonitoringFetchConfig } from '../../src/application/monitoring/feeds/fetch.config';
import type { FeedWatcher, Source } from '../../src/application/monitoring/monitoring.types';
import { MonitoringMigrations } from '../../src/application/monitoring/store/monitoring.migrations';
import { SqlMonitoringStore } from '../../src/application/monitoring/store/sql.monitoring-store';

const SOURCES = Number(process.env.BENCH_FEEDS ?? 1000);
const ROUNDS = Number(process.env.BENCH_STEADY_ROUNDS ?? 5);
const CONCURRENCY = 4;
const CHANGED = 0.1;
const TENANT = { tenantId: 'bench', workspaceId: 'default' };

function source(i: number, base: string): Source {
  return {
    ...TENANT,
    id: `s${i}`,
    creatorId: `c${i % 100}`,
    platform: 'feed',
    locator: `${base}/feeds/feed${i}.xml`,
    youtubeKind: null,
    enabled: true,
    priority: 1 + (i % 5),
    intervalSeconds: 300,
    minIntervalSeconds: 60,
    maxIntervalSeconds: 86_400,
    jitterSeconds: 30,
    quietHours: null,
    runMode: 'fallback',
    runDepth: 'standard',
    createdAt: 0,
    updatedAt: 0,
  };
}

async function pool(n: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

async function main(): Promise<void> {
  const [, , op, mode, base] = process.argv;
  if (op !== 'steady' || (mode !== 'conditional' && mode !== 'unconditional') || !base)
    throw new Error('usage: steady <conditional|unconditional> <feed host base URL>');
  const database = await openSqlDatabase(
    Object.assign(new PersistenceConfig(), {
      dataDir: mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'pglite-')),
    }),
  );
  const { error } = await new Migrator({
    db: database.db,
    provider: { getMigrations: async () => ({ ...CORE_MIGRATIONS, ...new MonitoringMigrations().migrations }) },
  }).migrateToLatest();
  if (error !== undefined) throw new Error('the service migrations failed', { cause: error });
  const store = new SqlMonitoringStore(database);
  for (let i = 0; i < SOURCES; i++) {
    const s = source(i, base);
    if (i % 100 === 0 || i < 100)
      await store.putCreator({ ...TENANT, id: s.creatorId, name: s.creatorId, tier: 1, createdAt: 0, updatedAt: 0 });
    await store.insertSource(s, {
      tenantId: TENANT.tenantId,
      sourceId: s.id,
      validators: { etag: null, lastModified: null },
      nextCheckAt: 0,
      lastCheckAt: null,
      lastSuccessAt: null,
      lastError: null,
      consecutiveErrors: 0,
      backoffUntil: null,
      currentIntervalSeconds: 300,
      websub: null,
    });
  }

  const { watchers, fetcher } = createFeedWatchers({
    config: Object.assign(new MonitoringFetchConfig(), { backoffBaseMs: 100 }),
    policy: { allowedCidrs: ['127.0.0.1/32'] },
    clock: systemClock,
  });
  let bytes = 0;
  const feed = watchers.watcherFor('feed')!;
  const counted: FeedWatcher = {
    platform: 'feed',
    feedUrl: (s) => feed.feedUrl(s),
    check: async (s, validators, signal) => {
      const sent = mode === 'conditional' ? validators : { etag: null, lastModified: null };
      const outcome = await feed.check(s, sent, signal);
      bytes += outcome.bytes;
      if (outcome.status === 'error') throw new Error(`check of ${s.locator} failed: ${outcome.message}`);
      return outcome;
    },
  };
  const asked: { url: string; at: number }[] = [];
  const runs: ContentRunsPort = {
    start: async (_ctx, request) => {
      asked.push({ url: request.url, at: performance.now() });
      return ok({ runId: `run-${asked.length}`, status: 'queued' as const });
    },
  };
  const registry = new SchedulerRegistry();
  const engine = new MonitoringScheduler({
    store,
    watchers: [counted],
    runs: () => runs,
    events: { emit: () => undefined },
    metrics: new MonitoringMetrics(new MetricsRegistry('b_')),
    clock: systemClock,
    random: seededRandom(7),
    ids: sequentialIds('bench'),
    config: new MonitoringScheduleConfig(),
    timers: new RegistryCheckTimers(registry, systemClock),
  });
  const checkAll = () => pool(SOURCES, CONCURRENCY, (i) => engine.checkNow(TENANT, `s${i}`));
  const publish = (names: number[]) =>
    Promise.all(names.map((f) => fetch(`${base}/control/publish/feed${f}`, { method: 'POST' })));

  await checkAll(); // first pass: every item new
  const firstPassRuns = asked.length;
  const rounds: { wallMs: number; cpuMs: number; bytes: number; runs: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const changed = Array.from({ length: SOURCES * CHANGED }, (_, k) => (k * 10 + r) % SOURCES);
    await publish(changed);
    bytes = 0;
    const runsBefore = asked.length;
    const cpu = process.cpuUsage();
    const began = performance.now();
    await checkAll();
    const wallMs = performance.now() - began;
    const used = process.cpuUsage(cpu);
    rounds.push({ wallMs, cpuMs: (used.user + used.system) / 1000, bytes, runs: asked.length - runsBefore });
  }

  // A post, then the check a push triggers: from the post's answer to its run being asked for.
  const latencies: number[] = [];
  for (let k = 0; k < 20; k++) {
    const f = (k * 37) % SOURCES;
    await publish([f]);
    const posted = performance.now();
    const before = asked.length;
    await engine.checkNow(TENANT, `s${f}`);
    if (asked.length !== before + 1) throw new Error(`push check of feed${f} asked for ${asked.length - before} runs`);
    latencies.push(asked[asked.length - 1].at - posted);
  }

  // Heap per planned source: the scheduler's timers and plans for every source.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  await engine.start();
  const planned = registry.getTimeouts().length;
  gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  if (planned < SOURCES) throw new Error(`the scheduler planned ${planned} of ${SOURCES} sources`);
  await engine.stop();

  await fetcher.close();
  await database.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(
    JSON.stringify({
      firstPassRuns,
      checksPerSecond: SOURCES / (median(rounds.map((x) => x.wallMs)) / 1000),
      cpuMsPerCheck: median(rounds.map((x) => x.cpuMs)) / SOURCES,
      bytesPerCheck: median(rounds.map((x) => x.bytes)) / SOURCES,
      runsPerRound: median(rounds.map((x) => x.runs)),
      pushToRunMs: median(latencies),
      heapBytesPerSource: (heapAfter - heapBefore) / SOURCES,
    }) + '\n',
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
