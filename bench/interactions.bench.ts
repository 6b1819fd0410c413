/**
 * The interaction log's appends, in one run: interactions stored per second by the service's log (`record()` of
 * many at once, group commit into one multi-row INSERT per batch of up to 1 000, timed until `flush()` resolves)
 * against the baseline of one INSERT per interaction awaited in turn, on the embedded database (PGlite) and on
 * PostgreSQL. Every variant runs in its own process, once per round, rounds outermost. PostgreSQL is a private
 * server (scripts/services.sh) on a free loopback port, stopped afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runWorker } from './lib/child';
import { startServices } from './lib/services';
import { benchHeader, round, summarize, type BenchResult, type VariantResult } from './lib/report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const GOAL_PER_S = 20_000;
const KINDS = ['pglite', 'postgres'] as const;
const MODES = ['batched', 'each'] as const;
const LABEL = {
  pglite: 'embedded (PGlite)',
  postgres: 'PostgreSQL',
  batched: 'interaction log, batched (group commit, multi-row INSERT)',
  each: 'baseline, one INSERT per interaction',
} as const;

export async function run(): Promise<BenchResult> {
  const services = await startServices();
  const samples: Record<string, number[]> = {};
  try {
    const admin = new Client({ connectionString: services.databaseUrl });
    await admin.connect();
    await admin.query('create database bench_interactions');
    await admin.end();
    const env = {
      BENCH_DATABASE_URL: services.databaseUrl.replace(/\/[^/]*$/, '/bench_interactions'),
      BENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'crew-bench-interactions-')),
    };
    for (let r = 0; r < ROUNDS; r++)
      for (const kind of KINDS)
        for (const mode of MODES)
          (samples[`${kind} ${mode}`] ??= []).push(
            (await runWorker<{ perSecond: number }>('interactions/worker.ts', ['append', kind, mode], env)).perSecond,
          );
  } finally {
    services.stop();
  }

  const variants: VariantResult[] = [];
  const ratios: Record<string, number> = {};
  const met: Record<string, boolean> = {};
  for (const kind of KINDS) {
    const [batched, each] = MODES.map((mode) => {
      const v = summarize(`${LABEL[kind]}: ${LABEL[mode]}`, 'interactions/s', samples[`${kind} ${mode}`]);
      variants.push(v);
      return v;
    });
    ratios[`${kind}: batched / one INSERT each`] = round(batched.median / each.median, 1);
    ratios[`${kind}: batched / goal (${GOAL_PER_S} /s)`] = round(batched.median / GOAL_PER_S, 2);
    met[kind] = batched.median >= GOAL_PER_S;
  }
  for (const kind of KINDS) ratios[`goal_met ${kind} (1 = yes)`] = met[kind] ? 1 : 0;
  return {
    ...benchHeader('interactions', ROUNDS),
    variants,
    ratios,
    goal: `interaction appends, batched, ≥ ${GOAL_PER_S} /s on the embedded database and on PostgreSQL`,
    met: met.pglite && met.postgres,
    notes: [
      'batched: 50 000 interactions recorded at once after 1 000 to warm up, timed until flush() resolves (all stored); each process checks the row count',
      'baseline: 2 000 single-row INSERTs of the same rows through the same Kysely instance, each awaited',
      'rows: a crew task’s interaction (4 tools, 6 calls in sequence, a quality score; 1 in 20 an error with its message), 4 tenants; the table has its two indexes',
      'defaults: analytics.interactionBatchSize 1000, interactionLingerMs 0',
    ],
  };
}
