/**
 * Persistence, in one run, each variant in its own process and round:
 * - store: the key-value store on the embedded database (PGlite) and on PostgreSQL — single-row upserts/s,
 *   batched inserts/s (100 rows per statement, through Kysely) and point reads/s — against a bare client script
 *   sending the same SQL straight to the driver (PGlite / pg).
 * - queue: jobs/s with concurrency 1 and 10, end to end (sequential adds, a no-op handler, until the last
 *   completes) and draining a filled queue: the in-process queue, the BullMQ adapter, and bare BullMQ.
 * - commit: durable writes/s (each answered after its transaction committed) with 256 writers at once, through
 *   the kernel's GroupCommit against one transaction per write, on both databases.
 * PostgreSQL and Redis are started by scripts/services.sh on free loopback ports and stopped afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startServices } from './lib/services';
import { runWorker } from './lib/child';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function samples(args: string[], env: NodeJS.ProcessEnv): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    out.push((await runWorker<{ perSecond: number }>('persistence/worker.ts', args, env)).perSecond);
  return out;
}

export async function run(): Promise<BenchResult> {
  const services = await startServices();
  const urls = { DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };
  try {
    const admin = new Client({ connectionString: urls.DATABASE_URL });
    await admin.connect();
    await admin.query('create database bench');
    await admin.end();
    const env = {
      BENCH_DATABASE_URL: urls.DATABASE_URL.replace(/\/[^/]*$/, '/bench'),
      BENCH_REDIS_URL: urls.REDIS_URL,
      BENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'crew-bench-data-')),
    };

    const variants: VariantResult[] = [];
    const ratios: Record<string, number> = {};
    const notes: string[] = [];
    const ops = [
      ['single', 'single-row upserts'],
      ['batch', 'batched inserts (100/statement)'],
      ['read', 'point reads'],
    ] as const;
    for (const kind of ['pglite', 'postgres'] as const) {
      for (const [op, label] of ops) {
        const adapter = summarize(
          `${kind} store: ${label}`,
          'rows/s',
          await samples(['store', kind, op, 'adapter'], env),
        );
        const bare = summarize(
          `${kind} bare client: ${label}`,
          'rows/s',
          await samples(['store', kind, op, 'bare'], env),
        );
        variants.push(adapter, bare);
        ratios[`${kind} ${op}: store / bare`] = round(adapter.median / bare.median, 2);
      }
    }
    for (const op of ['single', 'batch', 'read'] as const) {
      const pg = variants.find((v) => v.variant.startsWith(`postgres store: ${ops.find((o) => o[0] === op)![1]}`))!;
      const lite = variants.find((v) => v.variant.startsWith(`pglite store: ${ops.find((o) => o[0] === op)![1]}`))!;
      ratios[`${op}: postgres / pglite`] = round(pg.median / lite.median, 2);
    }
    for (const mode of ['e2e', 'drain'] as const) {
      for (const concurrency of [1, 10]) {
        const label = `${mode === 'e2e' ? 'add+process' : 'drain'}, concurrency ${concurrency}`;
        const args = (kind: string) => ['queue', kind, String(concurrency), mode];
        const inProcess = summarize(`in-process queue ${label}`, 'jobs/s', await samples(args('in-process'), env));
        const bull = summarize(`BullMQ adapter ${label}`, 'jobs/s', await samples(args('bullmq'), env));
        const bare = summarize(`bare BullMQ ${label}`, 'jobs/s', await samples(args('bullmq-bare'), env));
        variants.push(inProcess, bull, bare);
        ratios[`queue ${label}: BullMQ adapter / bare BullMQ`] = round(bull.median / bare.median, 2);
        ratios[`queue ${label}: in-process / BullMQ adapter`] = round(inProcess.median / bull.median, 2);
      }
    }
    for (const kind of ['pglite', 'postgres'] as const) {
      const label = (mode: string) => `${kind}: writes acknowledged after commit, 256 writers, ${mode}`;
      const group = summarize(label('group commit'), 'writes/s', await samples(['commit', kind, 'group'], env));
      const each = summarize(
        label('a transaction per write'),
        'writes/s',
        await samples(['commit', kind, 'each'], env),
      );
      variants.push(group, each);
      ratios[`${kind} durable writes: group commit / a transaction per write`] = round(group.median / each.median, 2);
    }
    const slow = Object.entries(ratios).filter(([k, v]) => k.includes('/ bare') && v < 1 / 3);
    for (const [k, v] of slow)
      notes.push(`${k} = ${v}: more than 3× slower than the bare client (see README, Benchmarks)`);
    return {
      ...benchHeader('persistence', ROUNDS),
      variants,
      ratios,
      goal: 'no configuration more than 3× slower than the same operation in a bare client script in the same run (store / bare and adapter / bare ≥ 0.33)',
      met: slow.length === 0,
      notes,
    };
  } finally {
    services.stop();
  }
}
