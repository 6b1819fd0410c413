/**
 * Kernel overhead, in one run:
 * - micro: an orchestrator called directly vs through `facade.orchestrate` (metrics on, logging to a file at the
 *   default level `info`; also at `debug`, where the per-call log pair is written), with AsyncLocalStorage context
 *   propagation on (default) and off; on a no-op, a 100 µs and a 1 ms CPU-bound orchestrator.
 * - HTTP: autocannon on POST /orchestrators/noop/orchestrate against the whole service vs a bare Fastify route
 *   returning the same JSON, a bare NestJS controller, and the floor: bare Fastify plus the per-request features the
 *   service's defaults turn on, wired by hand with the same libraries (all of them, and each one alone).
 * Every variant runs in its own process, once per round.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { rssMb, startupMs } from './kernel/boot';
import { BENCH_AUTH } from './lib/bench-key';
import { runWorker, SERVICE_NODE_FLAGS, startServer, stop } from './lib/child';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const CONNECTIONS = 10;

type Micro = { nsPerCall: number };

async function micro(mode: string, target: string, als: string, level: string): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    samples.push((await runWorker<Micro>('kernel/micro.worker.ts', [mode, target, als, level])).nsPerCall);
  return samples;
}

async function paired(target: string): Promise<{ direct: number[]; facade: number[] }> {
  const out = { direct: [] as number[], facade: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const res = await runWorker<{ direct: number; facade: number }>('kernel/micro.worker.ts', [
      'paired',
      target,
      'als-on',
      'info',
    ]);
    out.direct.push(res.direct);
    out.facade.push(res.facade);
  }
  return out;
}

/** autocannon options for the no-op orchestration on a bench server. */
const noopRequests = (port: number) => ({
  url: `http://127.0.0.1:${port}/orchestrators/noop/orchestrate`,
  method: 'POST' as const,
  headers: { 'content-type': 'application/json', ...BENCH_AUTH },
  body: JSON.stringify({ input: {} }),
  connections: CONNECTIONS,
});

async function httpOnce(variant: string, flags: string[]): Promise<number> {
  const { child, port } = await startServer(
    'kernel/http-server.worker.ts',
    [variant, ...flags],
    {},
    SERVICE_NODE_FLAGS,
  );
  const options = noopRequests(port);
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: HTTP_SECONDS });
  await stop(child);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/**
 * req/s of every HTTP variant, rounds outermost: each round runs every variant once, so load from elsewhere on a
 * shared machine falls on all variants alike instead of on whole variants.
 */
export async function http(variants: Record<string, [string, ...string[]]>): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [key, [variant, ...flags]] of Object.entries(variants))
      samples[key].push(await httpOnce(variant, flags));
  }
  return samples;
}

const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);

/** RSS of the service (defaults) after boot, after MEMORY_REQUESTS requests and after as many again (1 s idle before each reading). */
async function memory(): Promise<{ boot: number[]; first: number[]; second: number[] }> {
  const out = { boot: [] as number[], first: [] as number[], second: [] as number[] };
  const idle = () => new Promise((r) => setTimeout(r, 1000));
  for (let r = 0; r < ROUNDS; r++) {
    const { child, port } = await startServer(
      'kernel/http-server.worker.ts',
      ['nest', 'log', 'als', 'trace'],
      {},
      SERVICE_NODE_FLAGS,
    );
    const options = { ...noopRequests(port), amount: MEMORY_REQUESTS };
    await idle();
    out.boot.push(rssMb(child.pid!));
    await autocannon(options);
    await idle();
    out.first.push(rssMb(child.pid!));
    await autocannon(options);
    await idle();
    out.second.push(rssMb(child.pid!));
    await stop(child);
  }
  return out;
}

/** Start-up to the first /health 200 (main.js, defaults, embedded database) on a new data directory, then on that one again. */
async function startup(): Promise<{ fresh: number[]; existing: number[] }> {
  const out = { fresh: [] as number[], existing: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'crew-boot-'));
    out.fresh.push(await startupMs(join(dir, 'data'), join(dir, 'boot.log'), SERVICE_NODE_FLAGS));
    out.existing.push(await startupMs(join(dir, 'data'), join(dir, 'boot.log'), SERVICE_NODE_FLAGS));
  }
  return out;
}

const median = (v: VariantResult) => v.median;
/** Wall time per request that `slower` adds over `faster`, from their median req/s (10 connections, so a bound, not a CPU cost). */
const usAdded = (slower: VariantResult, faster: VariantResult) => 1e6 / median(slower) - 1e6 / median(faster);

export async function run(): Promise<BenchResult> {
  const variants: VariantResult[] = [];
  const add = (name: string, unit: string, samples: number[]) => {
    const v = summarize(name, unit, samples);
    variants.push(v);
    console.log(`${name}: median ${v.median} ${unit}`);
    return v;
  };

  const direct: Record<string, VariantResult> = {};
  const facade: Record<string, VariantResult> = {};
  direct.noop = add('direct noop', 'ns/call', await micro('direct', 'noop', 'als-on', 'info'));
  facade.noop = add('facade noop (ALS on, log info)', 'ns/call', await micro('facade', 'noop', 'als-on', 'info'));
  for (const target of ['cpu_100us', 'cpu_1ms']) {
    const p = await paired(target);
    direct[target] = add(`direct ${target} (paired)`, 'ns/call', p.direct);
    facade[target] = add(`facade ${target} (paired, ALS on, log info)`, 'ns/call', p.facade);
  }
  const noAls = add('facade noop (ALS off, log info)', 'ns/call', await micro('facade', 'noop', 'als-off', 'info'));
  const debugLog = add(
    'facade noop (ALS on, log debug: pair written)',
    'ns/call',
    await micro('facade', 'noop', 'als-on', 'debug'),
  );

  const h = await http({
    bare: ['bare-5.12.8'],
    floor: ['bare-features'],
    floorBase: ['bare-features', 'id', 'schema', 'als'],
    floorTrace: ['bare-features', 'id', 'schema', 'als', 'trace'],
    floorMetrics: ['bare-features', 'id', 'schema', 'als', 'metrics'],
    floorLog: ['bare-features', 'id', 'schema', 'als', 'log'],
    nestBare: ['nest-bare'],
    service: ['nest', 'log', 'als', 'trace'],
    serviceQuiet: ['nest', 'quiet', 'als', 'trace'],
    serviceNoAls: ['nest', 'log', 'no-als', 'trace'],
    serviceNoTrace: ['nest', 'log', 'als', 'no-trace'],
  });
  const bare = add('http bare fastify 5.12.8', 'req/s', h.bare);
  const floor = add(
    "http bare fastify + the defaults' features by hand (request id, schema, ALS, span, metrics, log line)",
    'req/s',
    h.floor,
  );
  const floorBase = add('http bare fastify + request id, schema, ALS', 'req/s', h.floorBase);
  const floorTrace = add('http bare fastify + request id, schema, ALS + span', 'req/s', h.floorTrace);
  const floorMetrics = add(
    'http bare fastify + request id, schema, ALS + counter and histogram',
    'req/s',
    h.floorMetrics,
  );
  const floorLog = add('http bare fastify + request id, schema, ALS + request log line', 'req/s', h.floorLog);
  const nestBare = add('http bare NestJS controller (fastify 5.12.8)', 'req/s', h.nestBare);
  const service = add('http crew service (defaults: request log on, ALS on, tracing on)', 'req/s', h.service);
  const serviceQuiet = add('http crew service (request log off, ALS on, tracing on)', 'req/s', h.serviceQuiet);
  const serviceNoAls = add('http crew service (request log on, ALS off, tracing on)', 'req/s', h.serviceNoAls);
  const serviceNoTrace = add('http crew service (request log on, ALS on, tracing off)', 'req/s', h.serviceNoTrace);

  const mem = await memory();
  const rssBoot = add('rss after boot (service, defaults)', 'MiB', mem.boot);
  const rssFirst = add(`rss after ${MEMORY_REQUESTS} requests`, 'MiB', mem.first);
  const rssSecond = add(`rss after ${2 * MEMORY_REQUESTS} requests`, 'MiB', mem.second);
  const boot = await startup();
  const bootNew = add('start-up to first /health 200 (new data directory)', 'ms', boot.fresh);
  const bootExisting = add('start-up to first /health 200 (existing data directory)', 'ms', boot.existing);

  const addedNs = median(facade.noop) - median(direct.noop);
  const overhead = (t: string) => round(((median(facade[t]) - median(direct[t])) / median(direct[t])) * 100, 2);
  const ratios: Record<string, number> = {
    'facade_noop_added_ns (ALS on)': round(addedNs, 1),
    'facade_noop_added_ns (ALS off)': round(median(noAls) - median(direct.noop), 1),
    'facade_noop_added_ns (log debug)': round(median(debugLog) - median(direct.noop), 1),
    'facade/direct noop': round(median(facade.noop) / median(direct.noop), 2),
    'overhead_pct cpu_100us': overhead('cpu_100us'),
    'overhead_pct cpu_1ms': overhead('cpu_1ms'),
    'service/bare_fastify_5.12.8 (defaults)': round(median(service) / median(bare), 3),
    'service/bare_fastify_5.12.8 (request log off)': round(median(serviceQuiet) / median(bare), 3),
    'service/bare_fastify_5.12.8 (ALS off)': round(median(serviceNoAls) / median(bare), 3),
    'service/bare_fastify_5.12.8 (tracing off)': round(median(serviceNoTrace) / median(bare), 3),
    "floor/bare_fastify_5.12.8 (the defaults' features by hand, no kernel)": round(median(floor) / median(bare), 3),
    'service/floor (defaults)': round(median(service) / median(floor), 3),
    'µs per request: bare fastify': round(1e6 / median(bare), 2),
    'µs per request added: request id, schema, ALS': round(usAdded(floorBase, bare), 2),
    'µs per request added: span (over request id, schema, ALS)': round(usAdded(floorTrace, floorBase), 2),
    'µs per request added: counter and histogram (same)': round(usAdded(floorMetrics, floorBase), 2),
    'µs per request added: request log line (same)': round(usAdded(floorLog, floorBase), 2),
    'µs per request added: all the features by hand': round(usAdded(floor, bare), 2),
    'µs per request added: the service (defaults)': round(usAdded(service, bare), 2),
    'bare_nest/bare_fastify_5.12.8': round(median(nestBare) / median(bare), 3),
    'service/bare_nest (defaults)': round(median(service) / median(nestBare), 3),
    'rss_growth_mib second/first batch of requests': round(median(rssSecond) - median(rssFirst), 1),
    'rss_growth_mib first batch/boot': round(median(rssFirst) - median(rssBoot), 1),
  };
  const bootMet = median(bootNew) <= 3000 && median(bootExisting) <= 1500;
  ratios['goal_met start-up (1 = yes)'] = bootMet ? 1 : 0;
  const microMet = addedNs <= 1500 && overhead('cpu_1ms') <= 1;
  const httpMet = median(service) / median(bare) >= 0.6;
  ratios['goal_met micro (1 = yes)'] = microMet ? 1 : 0;
  ratios['goal_met http (1 = yes)'] = httpMet ? 1 : 0;
  const met = microMet && httpMet;
  return {
    ...benchHeader('kernel', ROUNDS),
    variants,
    ratios,
    goal: 'facade adds ≤ 1.5 µs per no-op call (logs and metrics on) and ≤ 1 % at 1 ms; HTTP service (defaults) ≥ 0.6× bare Fastify 5.12.8; original target < 5 %; start-up ≤ 3 s on a new and ≤ 1.5 s on an existing data directory (not part of met)',
    met,
    notes: [
      `HTTP: autocannon, ${CONNECTIONS} connections, 1 s warm-up then ${HTTP_SECONDS} s, one server process per variant and round (every variant once per round), 127.0.0.1, every server with the service's V8 flags (${SERVICE_NODE_FLAGS.join(' ')})`,
      `memory: RSS (/proc, Linux) of the service worker with its defaults, 1 s after boot and after each of two batches of ${MEMORY_REQUESTS} requests (autocannon, ${CONNECTIONS} connections)`,
      'start-up: dist main.js with its defaults (embedded PGlite database, request log to a file), from spawn to the first GET /health 200, polled every 10 ms; a new data directory, then the same one again',
      'micro: sequential awaited calls; no-op variants each in their own process per round; CPU-bound steps (busy-wait of 100 µs or 1 ms) alternate 10 blocks of direct and facade calls in one process per round; the same context and input for both',
    ],
  };
}
