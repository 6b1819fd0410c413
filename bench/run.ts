/**
 * `npm run bench -- [name]`: builds src/ and bench/ into dist-bench/, then runs bench/<name>.bench.ts (every bench
 * when no name) from there; writes
 * bench/results/<name>.json and prints a table. Each bench exports `run(): Promise<BenchResult>`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printResult, writeResult, type BenchResult } from './lib/report';

/**
 * Benches write data directories, logs and private servers' data under one temp root (TMPDIR, inherited by their
 * workers), removed when the run ends.
 */
function useTmpRoot(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'crew-bench-run-'));
  chmodSync(root, 0o755); // PostgreSQL started as `postgres` under root must reach its data directory
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const removeTmpRoot = useTmpRoot();
  try {
    await runBenches();
  } finally {
    removeTmpRoot();
  }
}

async function runBenches(): Promise<void> {
  const wanted = process.argv[2];
  const all = readdirSync(__dirname)
    .filter((f) => /\.bench\.(ts|js)$/.test(f))
    .map((f) => f.replace(/\.bench\.(ts|js)$/, ''));
  if (wanted && !all.includes(wanted)) throw new Error(`No bench named "${wanted}"; available: ${all.join(', ')}`);
  let failed = false;
  for (const name of wanted ? [wanted] : all) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path: the named bench
    const mod = require(join(__dirname, `${name}.bench`)) as { run(): Promise<BenchResult> };
    const result = await mod.run();
    const path = writeResult(result);
    printResult(result);
    console.log(`written: ${path}`);
    failed ||= !result.met;
  }
  // docs/benchmarks.md shows the result files' tables: rewrite them from what was just written.
  execFileSync(process.execPath, [join(process.cwd(), 'scripts', 'bench-tables.js')], { stdio: 'inherit' });
  if (failed) console.log('\nat least one goal was not met (see "met" above)');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
