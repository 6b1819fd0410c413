/**
 * Content intelligence: the end-to-end fallback run on a 10 000-word document (cold in a fresh process, and warm),
 * heap retained per run, and 20 concurrent runs through the REST API — each variant in its own process. The goal
 * is absolute (≤ 500 ms per warm run on this machine); the baseline is the original's budget for
 * the standard depth (30 s), which the ratio is taken against.
 */
import { runWorker } from './lib/child';
import { benchHeader, round, summarize, type BenchResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ORIGINAL_BUDGET_MS = 30_000;

interface Sample {
  value: number;
  wallMs?: number;
  peakRssGrowth?: number;
}

async function samples(variant: string): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let r = 0; r < ROUNDS; r++) out.push(await runWorker<Sample>('content/worker.ts', [variant]));
  return out;
}

export async function run(): Promise<BenchResult> {
  const cold = summarize(
    'fallback run, 10 000 words, first in a fresh process',
    'ms',
    (await samples('cold')).map((s) => s.value),
  );
  const warm = summarize(
    'fallback run, 10 000 words, warm (median of 10)',
    'ms',
    (await samples('warm')).map((s) => s.value),
  );
  const retained = summarize(
    'heap retained per finished run',
    'bytes',
    (await samples('retained')).map((s) => s.value),
  );
  const api = await samples('api');
  const errors = summarize(
    '20 concurrent POST /autointel?wait=true: errors',
    'count',
    api.map((s) => s.value),
  );
  const wall = summarize(
    '20 concurrent POST /autointel?wait=true: wall time',
    'ms',
    api.map((s) => s.wallMs ?? 0),
  );
  const rss = summarize(
    '20 concurrent runs: peak RSS growth',
    'bytes',
    api.map((s) => s.peakRssGrowth ?? 0),
  );
  return {
    ...benchHeader('content', ROUNDS),
    variants: [cold, warm, retained, errors, wall, rss],
    ratios: {
      'warm run / 500 ms goal': round(warm.median / 500, 3),
      'warm run / original standard-depth budget (30 s)': round(warm.median / ORIGINAL_BUDGET_MS, 4),
      'cold run / 500 ms goal': round(cold.median / 500, 3),
      'MiB peak RSS growth per concurrent run': round(rss.median / 20 / 2 ** 20, 2),
    },
    goal: '≤ 500 ms per warm fallback run on a 10 000-word document; 20 concurrent API runs without an error',
    met: warm.median <= 500 && errors.max === 0,
  };
}
