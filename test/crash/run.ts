import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFigures } from './figures';
import { runCrashHarness } from './harness';

/**
 * `npm run test:crash`: the embedded service (one process on its own data directory) through `CRASH_KILLS`
 * (default 20) seeded kill points, `CRASH_SEED` (default 1), `CRASH_CLIENTS` (default 8) clients. Prints the
 * figures and exits 1 when anything acknowledged was lost, applied twice or answered wrongly. `CRASH_KEEP=1`
 * keeps the data directory for a post-mortem.
 */
async function main(): Promise<number> {
  const int = (name: string, fallback: number) => {
    const v = process.env[name];
    if (v === undefined || v === '') return fallback;
    if (!/^\d+$/.test(v)) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
  const seed = int('CRASH_SEED', 1);
  const killPoints = int('CRASH_KILLS', 20);
  const clients = int('CRASH_CLIENTS', 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'crew-crash-'));
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`crash harness: seed ${seed}, ${killPoints} kill points, data in ${dataDir}`);
  try {
    const report = await runCrashHarness({ seed, killPoints, clients, dataDirs: [dataDir], progress: out });
    out('');
    out(formatFigures(report));
    return report.ok ? 0 : 1;
  } finally {
    if (process.env.CRASH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`crash harness failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(2);
  },
);
