/**
 * The feedback hub: submits/s (validated and queued), end-to-end submit → sink signals/s in process and through
 * BullMQ on a local redis-server, and heap per 10 000 queued signals — each variant in its own process, against
 * the absolute goals of the feedback issue and the original's drain rate (at most 10 signals/s per type).
 * Durability: acknowledged-after-stored submits per second with 512 in flight (embedded, PostgreSQL) beside the
 * same loop in memory mode, the p99 latency each adds, the same over HTTP (autocannon, 127.0.0.1), and the input
 * log's bytes per 10 000 signals and compaction time.
 */
import autocannon from 'autocannon';
import { BENCH_AUTH } from './lib/bench-key';
import { startServices } from './lib/services';
import { runWorker, startServer, stop } from './lib/child';
import { benchHeader, round, summarize, type BenchResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The original drained ≤ 10 signals per type per 1 s pass, over six types. */
const ORIGINAL_DRAIN_PER_SECOND = 60;

const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);

interface Concurrent {
  value: number;
  p50Ms: number;
  p99Ms: number;
}

async function concurrent(mode: string, env: NodeJS.ProcessEnv = {}): Promise<Concurrent[]> {
  const out: Concurrent[] = [];
  for (let r = 0; r < ROUNDS; r++)
    out.push(await runWorker<Concurrent>('feedback/worker.ts', ['concurrent', mode], env));
  return out;
}

/** POST /feedback over HTTP (64 connections) against a server in its own process, in durability `mode`. */
async function httpSubmits(mode: string, env: NodeJS.ProcessEnv = {}): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const { child, port } = await startServer('feedback/worker.ts', ['http', mode], env);
    try {
      const options = {
        url: `http://127.0.0.1:${port}/feedback`,
        method: 'POST' as const,
        connections: 64,
        headers: { 'content-type': 'application/json', ...BENCH_AUTH },
        body: JSON.stringify({ componentType: 'tool', componentId: 'search', reward: 0.7 }),
      };
      await autocannon({ ...options, duration: 1 });
      const result = await autocannon({ ...options, duration: HTTP_SECONDS });
      // A 429 is a full queue (the server drains every 100 ms): counted out of the rate, not in it.
      out.push(result.requests.average * (1 - result.non2xx / Math.max(1, result.requests.total)));
    } finally {
      await stop(child);
    }
  }
  return out;
}

async function samples(variant: string, env: NodeJS.ProcessEnv = {}): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    out.push((await runWorker<{ value: number }>('feedback/worker.ts', [variant], env)).value);
  return out;
}

export async function run(): Promise<BenchResult> {
  const services = await startServices();
  const urls = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };
  try {
    const submit = summarize('submit (validated, deduped, queued), in process', 'signals/s', await samples('submit'));
    const e2e = summarize('submit → sink, in process', 'signals/s', await samples('e2e'));
    const redis = summarize(
      'submit → sink through BullMQ (local redis-server)',
      'signals/s',
      await samples('e2e-redis', { BENCH_REDIS_URL: urls.REDIS_URL }),
    );
    const memory = summarize('heap per 10 000 queued signals', 'bytes', await samples('memory'));
    const pgEnv = { BENCH_DATABASE_URL: urls.DATABASE_URL };
    const durableRuns = await concurrent('durable');
    const memoryRuns = await concurrent('memory');
    const pgRuns = await concurrent('durable-pg', pgEnv);
    const sharedRuns = await concurrent('durable-pg-shared', { ...pgEnv, BENCH_REDIS_URL: urls.REDIS_URL });
    const durable = summarize(
      'durable submits, in process, embedded (512 in flight)',
      'signals/s',
      durableRuns.map((r) => r.value),
    );
    const memoryMode = summarize(
      'memory-mode submits, same loop',
      'signals/s',
      memoryRuns.map((r) => r.value),
    );
    const pg = summarize(
      'durable submits, in process, PostgreSQL (512 in flight)',
      'signals/s',
      pgRuns.map((r) => r.value),
    );
    const shared = summarize(
      'durable submits, in process, PostgreSQL in scale-out mode (Redis set; 512 in flight)',
      'signals/s',
      sharedRuns.map((r) => r.value),
    );
    const p99 = (runs: Concurrent[], name: string) =>
      summarize(
        name,
        'ms',
        runs.map((r) => r.p99Ms),
      );
    const durableP99 = p99(durableRuns, 'submit latency p99, durable embedded (512 in flight)');
    const memoryP99 = p99(memoryRuns, 'submit latency p99, memory mode (512 in flight)');
    const pgP99 = p99(pgRuns, 'submit latency p99, durable PostgreSQL (512 in flight)');
    const httpDurable = summarize(
      'POST /feedback over HTTP, durable embedded (64 connections)',
      'req/s',
      await httpSubmits('durable'),
    );
    const httpMemory = summarize(
      'POST /feedback over HTTP, memory mode (64 connections)',
      'req/s',
      await httpSubmits('memory'),
    );
    const httpPg = summarize(
      'POST /feedback over HTTP, durable PostgreSQL (64 connections)',
      'req/s',
      await httpSubmits('durable-pg', pgEnv),
    );
    const shutdownMs = async (mode: string, sink: 'fast' | 'slow') => {
      const out: number[] = [];
      for (let r = 0; r < ROUNDS; r++)
        out.push((await runWorker<{ value: number }>('feedback/worker.ts', ['shutdown', mode, sink])).value);
      return out;
    };
    const shutdowns = [];
    for (const sink of ['fast', 'slow'] as const)
      for (const mode of ['durable', 'memory'] as const)
        shutdowns.push(
          summarize(
            `shutdown with 10 000 signals queued, ${mode === 'durable' ? 'durable embedded' : 'memory mode'}, ` +
              (sink === 'fast' ? 'in-process sinks' : 'sinks taking 1 ms a signal'),
            'ms',
            await shutdownMs(mode, sink),
          ),
        );
    const [shutdownDurable, shutdownMemory, shutdownDurableSlow, shutdownMemorySlow] = shutdowns;
    const logRuns = [];
    for (let r = 0; r < ROUNDS; r++)
      logRuns.push(await runWorker<{ value: number; compactMs: number }>('feedback/worker.ts', ['log-size']));
    const logBytes = summarize(
      'input log bytes per 10 000 signals (embedded)',
      'bytes',
      logRuns.map((r) => r.value),
    );
    const compactMs = summarize(
      'compaction of 100 000 logged signals (embedded)',
      'ms',
      logRuns.map((r) => r.compactMs),
    );
    const ratios = {
      'durable embedded / 20 000 goal': round(durable.median / 20_000, 2),
      'durable embedded / memory mode': round(durable.median / memoryMode.median, 3),
      'durable PostgreSQL / memory mode': round(pg.median / memoryMode.median, 3),
      'durable PostgreSQL, scale-out / one instance': round(shared.median / pg.median, 3),
      'p99 added by durability, embedded (ms)': round(durableP99.median - memoryP99.median, 2),
      'p99 added by durability, PostgreSQL (ms)': round(pgP99.median - memoryP99.median, 2),
      'HTTP durable embedded / memory mode': round(httpDurable.median / httpMemory.median, 3),
      'HTTP durable PostgreSQL / memory mode': round(httpPg.median / httpMemory.median, 3),
      'MiB of log per 10 000 signals': round(logBytes.median / 2 ** 20, 2),
      'shutdown, durable / memory mode, in-process sinks': round(shutdownDurable.median / shutdownMemory.median, 3),
      'shutdown, durable / memory mode, 1 ms sinks': round(shutdownDurableSlow.median / shutdownMemorySlow.median, 3),
      'submit / 200 000 goal': round(submit.median / 200_000, 2),
      'e2e in process / 50 000 goal': round(e2e.median / 50_000, 2),
      'e2e Redis / 5 000 goal': round(redis.median / 5_000, 2),
      'e2e in process / original drain (60/s)': round(e2e.median / ORIGINAL_DRAIN_PER_SECOND, 0),
      'MiB per 10 000 queued': round(memory.median / 2 ** 20, 2),
    };
    return {
      ...benchHeader('feedback', ROUNDS),
      variants: [
        submit,
        e2e,
        redis,
        memory,
        durable,
        memoryMode,
        pg,
        shared,
        durableP99,
        memoryP99,
        pgP99,
        httpDurable,
        httpMemory,
        httpPg,
        ...shutdowns,
        logBytes,
        compactMs,
      ],
      ratios,
      goal:
        '≥ 200 000 submits/s and ≥ 50 000 end-to-end/s in process (memory mode), ≥ 5 000/s end to end through Redis; ' +
        '≥ 20 000 durable (acknowledged after stored) submits/s in process on the embedded database',
      met: submit.median >= 200_000 && e2e.median >= 50_000 && redis.median >= 5_000 && durable.median >= 20_000,
    };
  } finally {
    services.stop();
  }
}
