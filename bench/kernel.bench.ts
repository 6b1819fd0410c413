/**
 * Kernel overhead, in one run:
 * - micro: an orchestrator called directly vs through `facade.orchestrate` (metrics on, logging to a file at the
 *   default level `info`; also at `debug`, where the per-call log pair is written), with AsyncLocalStorage context
 *   propagation on (default) and off; on a no-op, a 100 µs and a 1 ms CPU-bound orchestrator.
 * - HTTP: autocannon on POST /orchestrators/noop/orchestrate against the whole service vs a bare Fastify route
 *   returning the same JSON (Fastify 5.12.8, the version we pin, and 5.11.3, the one Nest 11.2.8 pins).
 * Every variant runs in its own process, once per round.
 */
import autocannon from 'autocannon';
import { runWorker, startServer, stop } from './lib/child';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const CONNECTIONS = 10;

type Micro = { nsPerCall: number };

async function micro(mode: string, target: string, als: string, level: string): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) samples.push((await runWorker<Micro>('kernel/micro.worker.ts', [mode, target, als, level])).nsPerCall);
  return samples;
}

async function http(variant: string, flag = ''): Promise<number[]> {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const { child, port } = await startServer('kernel/http-server.worker.ts', [variant, flag]);
    const options = {
      url: `http://127.0.0.1:${port}/orchestrators/noop/orchestrate`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: {} }),
      connections: CONNECTIONS,
    };
    await autocannon({ ...options, duration: 1 });
    const result = await autocannon({ ...options, duration: HTTP_SECONDS });
    await stop(child);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${variant}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    samples.push(result.requests.average);
  }
  return samples;
}

const median = (v: VariantResult) => v.median;

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
  for (const target of ['noop', 'cpu_100us', 'cpu_1ms']) {
    direct[target] = add(`direct ${target}`, 'ns/call', await micro('direct', target, 'als-on', 'info'));
    facade[target] = add(`facade ${target} (ALS on, log info)`, 'ns/call', await micro('facade', target, 'als-on', 'info'));
  }
  const noAls = add('facade noop (ALS off, log info)', 'ns/call', await micro('facade', 'noop', 'als-off', 'info'));
  const debugLog = add('facade noop (ALS on, log debug: pair written)', 'ns/call', await micro('facade', 'noop', 'als-on', 'debug'));

  const bare = add('http bare fastify 5.12.8', 'req/s', await http('bare-5.12.8'));
  const bareOld = add('http bare fastify 5.11.3', 'req/s', await http('bare-5.11.3'));
  const service = add('http crew service (request log on)', 'req/s', await http('nest', 'true'));
  const serviceQuiet = add('http crew service (request log off)', 'req/s', await http('nest', 'false'));

  const addedNs = median(facade.noop) - median(direct.noop);
  const overhead = (t: string) => round(((median(facade[t]) - median(direct[t])) / median(direct[t])) * 100, 2);
  const ratios: Record<string, number> = {
    'facade_noop_added_ns (ALS on)': round(addedNs, 1),
    'facade_noop_added_ns (ALS off)': round(median(noAls) - median(direct.noop), 1),
    'facade_noop_added_ns (log debug)': round(median(debugLog) - median(direct.noop), 1),
    'facade/direct noop': round(median(facade.noop) / median(direct.noop), 2),
    'overhead_pct cpu_100us': overhead('cpu_100us'),
    'overhead_pct cpu_1ms': overhead('cpu_1ms'),
    'service/bare_fastify_5.12.8 (request log on)': round(median(service) / median(bare), 3),
    'service/bare_fastify_5.12.8 (request log off)': round(median(serviceQuiet) / median(bare), 3),
    'bare_fastify_5.11.3/bare_fastify_5.12.8': round(median(bareOld) / median(bare), 3),
  };
  const met = addedNs <= 3000 && overhead('cpu_1ms') <= 1 && median(service) / median(bare) >= 0.6;
  return {
    ...benchHeader('kernel', ROUNDS),
    variants,
    ratios,
    goal: 'facade adds ≤ 3 µs per no-op call and ≤ 1 % at 1 ms; HTTP service ≥ 0.6× bare Fastify 5.12.8 (request log on); original target < 5 %',
    met,
    notes: [
      `HTTP: autocannon, ${CONNECTIONS} connections, 1 s warm-up then ${HTTP_SECONDS} s, one server process per variant and round, 127.0.0.1`,
      'micro: sequential awaited calls in one process per variant and round; the same context and input for direct and facade calls',
    ],
  };
}
