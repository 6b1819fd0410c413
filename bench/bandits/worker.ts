/**
 * One bandit measurement in its own process; prints JSON on its last line:
 *   episodes <algorithm>   20 seeded episodes of the original's environment: per-seed results and select latencies
 *   population <count>     the oracle's noise-free mean reward in each of `count` environments
 *   http                   the whole service listening on 127.0.0.1; prints `READY <port>` (decisions through REST)
 *   round-trip <mode>      decide then answer (reward), 64 clients at once, in durability mode `durable` or
 *                          `memory` (in process, embedded database): pairs/s and the answer's latency p50/p99
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import type { AlgorithmName, BanditAlgorithm } from '../../src/application/bandits/algorithms/bandit-algorithm';
import { createAlgorithm } from '../../src/application/bandits/algorithms/registry';
import { validateConfig } from '../../src/core/config/config.loader';
import { seededRandom } from '../../src/core/runtime/random';
import { BanditsService } from '../../src/application/bandits/bandits.service';
import { OrchestrationContext } from '../../src/core/context/orchestration-context';
import { BanditEnvironment, D, K, runEpisode } from './environment';
import { BENCH_SECURITY } from '../lib/bench-key';

export const SEEDS = Number(process.env.BENCH_BANDIT_SEEDS ?? 20);

function episodes(algorithm: AlgorithmName) {
  const runs = [];
  const latencies: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    // Separate streams: the environment's draws do not depend on the algorithm's.
    const env = new BanditEnvironment(seededRandom(seed));
    const learner = algorithm === ('oracle' as AlgorithmName) ? oracle(env) : createAlgorithm(algorithm, K, D);
    const r = runEpisode(env, learner, seededRandom(1_000_000 + seed));
    latencies.push(...r.selectNs);
    runs.push({
      seed,
      totalReward: r.totalReward,
      noisyRegret: r.noisyRegret,
      expectedRegret: r.expectedRegret,
      finalPerformance: r.finalPerformance,
    });
  }
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    runs,
    selectNs: { mean: latencies.reduce((s, v) => s + v, 0) / latencies.length, p50: pick(0.5), p99: pick(0.99) },
  };
}

/** Knows the arms' weights: the ceiling any learner can reach in this environment (its regret is noise only). */
function oracle(env: BanditEnvironment): BanditAlgorithm {
  return {
    name: 'oracle' as AlgorithmName,
    k: K,
    d: D,
    updates: 0,
    select: (x) => ({ action: env.optimal(x), predictedReward: 0, exploration: 0, confidence: 1, propensity: 1 }),
    update: () => undefined,
    snapshot: () => {
      throw new Error('the oracle has no state');
    },
    stats: () => ({}),
  };
}

/**
 * The oracle's noise-free mean reward per environment (1 000 contexts each) over `count` environments (seeds 1…):
 * what a perfect policy's final performance averages to, and how much it varies between environments.
 */
function population(count: number) {
  const perEnvironment: number[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const env = new BanditEnvironment(seededRandom(seed));
    let sum = 0;
    for (let i = 0; i < 1000; i++) {
      const x = env.context();
      sum += env.expected(x, env.optimal(x));
    }
    perEnvironment.push(sum / 1000);
  }
  return { perEnvironment };
}

async function http(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-bandits-'));
  const config = validateConfig({
    ...BENCH_SECURITY,
    logging: { level: 'warn', file: join(dir, 'bandits.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: { dataDir: join(dir, 'data') },
  });
  const app = await createApp({ config });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`READY ${(app.getHttpServer().address() as { port: number }).port}\n`);
}

/** 64 clients each deciding then answering, 3 000 pairs after 1 000 to warm up: pairs/s and answer latencies. */
async function roundTrip(durability: 'durable' | 'memory') {
  const dir = mkdtempSync(join(tmpdir(), 'crew-bench-bandits-rt-'));
  const config = validateConfig({
    ...BENCH_SECURITY,
    logging: { level: 'warn', file: join(dir, 'bandits.log'), httpRequests: false },
    api: { graphql: false, docs: false },
    telemetry: { tracing: false, cycleEveryMs: 0 },
    persistence: { dataDir: join(dir, 'data'), durability },
  });
  const app = await createApp({ config });
  await app.init();
  const bandits = app.get(BanditsService);
  const ctx = OrchestrationContext.create({ tenantId: 'bench' });
  const run = async (pairs: number, latencies?: number[]) => {
    let next = 0;
    const client = async () => {
      while (next++ < pairs) {
        const decided = await bandits.decide(ctx, 'model_routing', {
          userId: `u${next % 100}`,
          features: { complexity: (next % 10) / 10 },
        });
        if (decided.status !== 'ok') throw new Error(JSON.stringify(decided));
        const t0 = performance.now();
        const answered = await bandits.feedback(ctx, { decisionId: decided.data.decisionId, reward: (next % 7) / 7 });
        latencies?.push(performance.now() - t0);
        if (answered.status !== 'ok') throw new Error(JSON.stringify(answered));
      }
    };
    await Promise.all(Array.from({ length: 64 }, client));
  };
  await run(1000);
  const latencies: number[] = [];
  const started = performance.now();
  await run(3000, latencies);
  const seconds = (performance.now() - started) / 1000;
  await app.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { value: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}

async function main(): Promise<void> {
  const [mode, algorithm] = process.argv.slice(2);
  if (mode === 'round-trip') {
    process.stdout.write(`${JSON.stringify(await roundTrip(algorithm as 'durable' | 'memory'))}\n`);
    return;
  }
  if (mode === 'episodes') process.stdout.write(`${JSON.stringify(episodes(algorithm as AlgorithmName))}\n`);
  else if (mode === 'population') process.stdout.write(`${JSON.stringify(population(Number(algorithm)))}\n`);
  else if (mode === 'http') await http();
  else throw new Error(`unknown mode ${mode}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
