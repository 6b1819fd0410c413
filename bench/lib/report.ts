import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** One measured variant: min, median and max over the rounds. */
export interface VariantResult {
  variant: string;
  unit: string;
  min: number;
  median: number;
  max: number;
  /** Every round's value, in run order. */
  samples: number[];
}

/** The shape of `bench/results/<name>.json` (see docs/benchmarks.md). */
export interface BenchResult {
  name: string;
  date: string;
  node: string;
  cpus: number;
  rounds: number;
  variants: VariantResult[];
  ratios: Record<string, number>;
  goal: string;
  met: boolean;
  notes?: string[];
}

export function summarize(variant: string, unit: string, samples: number[]): VariantResult {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    variant,
    unit,
    min: round(sorted[0]),
    median: round(median),
    max: round(sorted[sorted.length - 1]),
    samples: samples.map((s) => round(s)),
  };
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function benchHeader(
  name: string,
  rounds: number,
): Pick<BenchResult, 'name' | 'date' | 'node' | 'cpus' | 'rounds'> {
  return { name, date: new Date().toISOString(), node: process.version, cpus: cpus().length, rounds };
}

export function writeResult(result: BenchResult): string {
  // Results live in the source tree (bench/results), also when running from dist-bench/bench/lib.
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${result.name}.json`);
  writeFileSync(path, JSON.stringify(result, null, 2) + '\n');
  return path;
}

export function printResult(result: BenchResult): void {
  const rows = result.variants.map((v) => [v.variant, v.unit, String(v.min), String(v.median), String(v.max)]);
  const head = ['variant', 'unit', 'min', 'median', 'max'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\n# ${result.name} — node ${result.node}, ${result.cpus} cpus, ${result.rounds} rounds`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log('\nratios:');
  for (const [k, v] of Object.entries(result.ratios)) console.log(`  ${k} = ${v}`);
  console.log(`goal: ${result.goal}\nmet: ${result.met}`);
  for (const n of result.notes ?? []) console.log(`note: ${n}`);
}
