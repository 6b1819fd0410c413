/**
 * One interaction-log measurement in its own process; prints `{"perSecond": N}`.
 *
 *   append <pglite|postgres> <batched|each>
 *     batched: `record()` of the service's interaction log (group commit, one multi-row INSERT per batch of up to
 *              1 000) for BATCHED interactions, then `flush()`; the clock stops when the last one is stored.
 *     each:    the baseline: one INSERT per interaction of the same row through the same Kysely instance, each
 *              awaited before the next (what an unbatched log costs).
 *
 * The database is BENCH_DATABASE_URL (PostgreSQL) or a fresh embedded one in BENCH_DATA_DIR; the schema is the
 * service's migrations. The table is emptied before the timing; a warm-up of WARMUP interactions comes first.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { PersistenceConfig } from '../../src/core/config/kernel.config';
import { MetricsRegistry } from '../../src/core/metrics/metrics.registry';
import { CORE_MIGRATIONS } from '../../src/core/persistence/core.migrations';
import { openSqlDatabase } from '../../src/core/persistence/sql-database.factory';
import type { Interaction } from '../../src/core/ports/interaction-log.port';
import { AnalyticsConfig } from '../../src/infrastructure/analytics/analytics.config';
import { interactionRow } from '../../src/infrastructure/analytics/interactions/interaction-rows';
import { InteractionsMetrics } from '../../src/infrastructure/analytics/interactions/interactions.metrics';
import { InteractionsMigrations } from '../../src/infrastructure/analytics/interactions/interactions.migrations';
import { SqlInteractionLog } from '../../src/infrastructure/analytics/interactions/sql.interaction-log';

const BATCHED = Number(process.env.BENCH_INTERACTIONS ?? 50_000);
const EACH = 2_000;
const WARMUP = 1_000;
const AGENTS = ['acquisition_specialist', 'transcription_engineer', 'analysis_cartographer', 'verification_director'];
const TASKS = ['acquisition', 'transcription', 'analysis.text', 'analysis.fact', 'analysis.bias'];

/** A crew task's interaction as the service records it: 4 tools, a sequence of 6 calls, a score, ok. */
const interaction = (i: number): Interaction => ({
  tenantId: `tenant-${i % 4}`,
  agent: AGENTS[i % AGENTS.length],
  taskType: TASKS[i % TASKS.length],
  source: 'crew',
  runId: `run-${Math.floor(i / 5)}`,
  tools: ['S3', 'S4', 'S6', 'S9'],
  toolSequence: ['S3', 'S4', 'S3', 'S6', 'S9', 'S4'],
  durationMs: 120 + (i % 37),
  outcome: i % 20 === 0 ? 'error' : 'ok',
  quality: i % 20 === 0 ? null : 0.5 + (i % 50) / 100,
  error: i % 20 === 0 ? 'acquisition failed: 500' : null,
  at: 1_800_000_000_000 + i,
});

async function main(): Promise<void> {
  const [, , op, kind, mode] = process.argv;
  if (op !== 'append' || (kind !== 'pglite' && kind !== 'postgres') || (mode !== 'batched' && mode !== 'each'))
    throw new Error('usage: append <pglite|postgres> <batched|each>');
  const config = Object.assign(new PersistenceConfig(), {
    dataDir: mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'pglite-')),
    databaseUrl: kind === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined,
  });
  const database = await openSqlDatabase(config);
  try {
    const { error } = await new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ ...CORE_MIGRATIONS, ...new InteractionsMigrations().migrations }) },
    }).migrateToLatest();
    if (error !== undefined) throw new Error('the service migrations failed', { cause: error });
    await database.db.deleteFrom('agent_interactions').execute();
    const log = new SqlInteractionLog(
      database,
      new AnalyticsConfig(),
      new InteractionsMetrics(new MetricsRegistry('b_')),
    );
    const each = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++)
        await database.db
          .insertInto('agent_interactions')
          .values(interactionRow(interaction(i)))
          .execute();
    };
    const batched = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) log.record(interaction(i));
      await log.flush();
    };
    const body = mode === 'batched' ? batched : each;
    const n = mode === 'batched' ? BATCHED : EACH;
    await body(0, WARMUP);
    const started = process.hrtime.bigint();
    await body(WARMUP, n);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stored = await database.db
      .selectFrom('agent_interactions')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(stored.n) !== WARMUP + n) throw new Error(`stored ${String(stored.n)} of ${WARMUP + n} interactions`);
    process.stdout.write(`${JSON.stringify({ perSecond: n / seconds })}\n`);
  } finally {
    await database.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
