/**
 * Autonomous intelligence: `autonomous_intelligence` with the deterministic runtime on the 10 000-word document at
 * three depths (warm medians, each depth in its own process), and 20 concurrent standard runs through the REST
 * API (errors, p95 latency). Goals are absolute (standard ≤ 1 s, deep ≤ 2 s, comprehensive ≤ 3 s);
 * the baseline is the original's targets with LLM agents (30/60/90 s), which the ratios are taken against.
 */
import { runWorker } from './lib/child';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOALS_MS = { standard: 1000, deep: 2000, comprehensive: 3000 } as const;
const ORIGINAL_TARGETS_MS = { standard: 30_000, deep: 60_000, comprehensive: 90_000 } as const;
type Depth = keyof typeof GOALS_MS;

interface Sample {
  value: number;
  p95: number;
  median?: number;
  wallMs?: number;
}

async function samples(variant: string): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let r = 0; r < ROUNDS; r++) out.push(await runWorker<Sample>('autonomous/worker.ts', [variant]));
  return out;
}

export async function run(): Promise<BenchResult> {
  const depths = Object.keys(GOALS_MS) as Depth[];
  const runs: VariantResult[] = [];
  for (const depth of depths)
    runs.push(
      summarize(
        `${depth} run, 10 000 words, warm (median of 10)`,
        'ms',
        (await samples(depth)).map((s) => s.value),
      ),
    );
  const api = await samples('concurrent');
  const errors = summarize(
    '20 concurrent standard runs (POST /autointel?wait=true): errors',
    'count',
    api.map((s) => s.value),
  );
  const p95 = summarize(
    '20 concurrent standard runs: p95 request latency',
    'ms',
    api.map((s) => s.p95),
  );
  const median = summarize(
    '20 concurrent standard runs: median request latency',
    'ms',
    api.map((s) => s.median ?? 0),
  );
  const wall = summarize(
    '20 concurrent standard runs: wall time',
    'ms',
    api.map((s) => s.wallMs ?? 0),
  );
  const ratios: Record<string, number> = {};
  depths.forEach((depth, i) => {
    ratios[`${depth} / goal (${GOALS_MS[depth]} ms)`] = round(runs[i].median / GOALS_MS[depth], 3);
    ratios[`${depth} / original target with LLM agents (${ORIGINAL_TARGETS_MS[depth] / 1000} s)`] = round(
      runs[i].median / ORIGINAL_TARGETS_MS[depth],
      4,
    );
  });
  return {
    ...benchHeader('autonomous', ROUNDS),
    variants: [...runs, errors, p95, median, wall],
    ratios,
    goal: 'warm runs on a 10 000-word document: standard ≤ 1 s, deep ≤ 2 s, comprehensive ≤ 3 s; 20 concurrent standard runs without an error',
    met: depths.every((depth, i) => runs[i].median <= GOALS_MS[depth]) && errors.max === 0,
  };
}
