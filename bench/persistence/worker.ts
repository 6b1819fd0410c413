/**
 * One persistence measurement in its own process; prints `{"perSecond": N}`.
 *
 *   store <pglite|postgres> <single|batch|read> <adapter|bare>
 *   queue <in-process|bullmq|bullmq-bare> <concurrency> <e2e|drain>
 *   commit <pglite|postgres> <group|each>   durable writes with 256 writers at once: the kernel's group commit
 *                                            (one transaction per batch) or one transaction per write
 *
 * Servers come from BENCH_DATABASE_URL (a fresh database) and BENCH_REDIS_URL; the embedded database opens in
 * BENCH_DATA_DIR.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Queue, Worker } from 'bullmq';
import { Migrator } from 'kysely';
import { Pool } from 'pg';
import { PersistenceConfig } from '../../src/core/config/kernel.config';
import { CORE_MIGRATIONS } from '../../src/core/persistence/core.migrations';
import { openSqlDatabase } from '../../src/core/persistence/sql-database.factory';
import { SqlKeyValueStore } from '../../src/core/persistence/sql-key-value.store';
import { GroupCommit } from '../../src/core/persistence/group-commit';
import { sql } from 'kysely';
import { InProcessJobQueue } from '../../src/core/queue/in-process.job-queue';
import { BullMqJobQueue } from '../../src/core/queue/redis/bullmq.job-queue';
import { openRedis } from '../../src/core/queue/redis/redis-connection';
import { systemClock } from '../../src/core/runtime/clock';
import { randomIds } from '../../src/core/runtime/id-generator';

const SINGLE = 2000;
const BATCHES = 50;
const BATCH = 100;
const READS = 5000;
const JOBS = Number(process.env.BENCH_JOBS ?? 3000);
const scope = { tenantId: 'bench', namespace: 'bench' };
const UPSERT = `insert into kv_entries (tenant_id, namespace, key, value, expires_at) values ($1, $2, $3, $4, null)
  on conflict (tenant_id, namespace, key) do update set value = excluded.value, expires_at = excluded.expires_at`;

async function timed(ops: number, body: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await body();
  return ops / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function store(
  kind: 'pglite' | 'postgres',
  op: 'single' | 'batch' | 'read',
  mode: 'adapter' | 'bare',
): Promise<number> {
  const config = Object.assign(new PersistenceConfig(), {
    dataDir: mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'pglite-')),
    databaseUrl: kind === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined,
  });
  // The schema comes from the service's own migrations either way; a bare variant then talks to the driver alone.
  const database = await openSqlDatabase(config);
  const { error } = await new Migrator({
    db: database.db,
    provider: { getMigrations: async () => ({ ...CORE_MIGRATIONS }) },
  }).migrateToLatest();
  if (error !== undefined) throw new Error('the service migrations failed', { cause: error });
  await database.db.deleteFrom('kv_entries').execute();
  const value = JSON.stringify({ arm: 'gpt', reward: 0.5, context: [0.1, 0.2, 0.3] });
  const keys = Array.from({ length: Math.max(SINGLE, READS) }, (_, i) => `key-${i}`);
  let rate: number;
  if (mode === 'adapter') {
    const kv = new SqlKeyValueStore(database.db, systemClock);
    if (op === 'read') for (const key of keys.slice(0, READS)) await kv.set(scope, key, JSON.parse(value));
    rate =
      op === 'single'
        ? await timed(SINGLE, async () => {
            for (let i = 0; i < SINGLE; i++) await kv.set(scope, keys[i], JSON.parse(value));
          })
        : op === 'batch'
          ? await timed(BATCHES * BATCH, async () => {
              for (let b = 0; b < BATCHES; b++) {
                const rows = Array.from({ length: BATCH }, (_, i) => ({
                  tenant_id: 'bench',
                  namespace: 'bench',
                  key: `b-${b}-${i}`,
                  value,
                  expires_at: null,
                }));
                await database.db.insertInto('kv_entries').values(rows).execute();
              }
            })
          : await timed(READS, async () => {
              for (let i = 0; i < READS; i++)
                if ((await kv.get(scope, keys[i])) === undefined) throw new Error('missing row');
            });
    await database.close();
  } else {
    await database.close();
    rate =
      kind === 'pglite'
        ? await barePglite(config.dataDir, op, value, keys)
        : await barePostgres(config.databaseUrl!, op, value, keys);
  }
  return rate;
}

async function barePglite(dataDir: string, op: string, value: string, keys: string[]): Promise<number> {
  const db = await PGlite.create(join(dataDir, 'pglite'));
  try {
    return await bareOps(
      op,
      value,
      keys,
      (text, params) => db.query(text, params).then(() => undefined),
      (text, params) => db.query(text, params).then((r) => r.rows.length),
    );
  } finally {
    await db.close();
  }
}

async function barePostgres(url: string, op: string, value: string, keys: string[]): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 10 });
  try {
    return await bareOps(
      op,
      value,
      keys,
      (text, params) => pool.query(text, params).then(() => undefined),
      (text, params) => pool.query(text, params).then((r) => r.rowCount ?? 0),
    );
  } finally {
    await pool.end();
  }
}

/** The same statements the adapter sends, written by hand against the driver. */
async function bareOps(
  op: string,
  value: string,
  keys: string[],
  exec: (text: string, params: unknown[]) => Promise<void>,
  select: (text: string, params: unknown[]) => Promise<number>,
): Promise<number> {
  if (op === 'read') for (const key of keys.slice(0, READS)) await exec(UPSERT, ['bench', 'bench', key, value]);
  if (op === 'single') {
    return timed(SINGLE, async () => {
      for (let i = 0; i < SINGLE; i++) await exec(UPSERT, ['bench', 'bench', keys[i], value]);
    });
  }
  if (op === 'batch') {
    return timed(BATCHES * BATCH, async () => {
      for (let b = 0; b < BATCHES; b++) {
        const params: unknown[] = [];
        const tuples = Array.from({ length: BATCH }, (_, i) => {
          params.push('bench', 'bench', `b-${b}-${i}`, value);
          const p = i * 4;
          return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, null)`;
        });
        await exec(
          `insert into kv_entries (tenant_id, namespace, key, value, expires_at) values ${tuples.join(', ')}`,
          params,
        );
      }
    });
  }
  return timed(READS, async () => {
    for (let i = 0; i < READS; i++) {
      const n = await select(
        'select value from kv_entries where tenant_id = $1 and namespace = $2 and key = $3 and (expires_at is null or expires_at > $4)',
        ['bench', 'bench', keys[i], Date.now()],
      );
      if (n !== 1) throw new Error('missing row');
    }
  });
}

/**
 * Jobs per second. `e2e`: from the first add to the last completion, adds awaited one by one as a caller would
 * (bounded by the add round trip). `drain`: the queue is filled first, then the clock runs from starting the
 * handler to the last completion (bounded by processing, where concurrency shows).
 */
async function queue(
  kind: 'in-process' | 'bullmq' | 'bullmq-bare',
  concurrency: number,
  mode: 'e2e' | 'drain',
): Promise<number> {
  const name = `bench-${randomUUID().slice(0, 8)}`;
  let done = 0;
  let finish!: () => void;
  const all = new Promise<void>((r) => (finish = r));
  const onJob = async () => {
    if (++done === JOBS) finish();
  };
  if (kind === 'in-process') {
    const q = new InProcessJobQueue(systemClock, randomIds);
    return measureQueue(mode, all, {
      add: (i) => q.add(name, { i }),
      start: () => q.process(name, onJob, { concurrency }),
      close: () => q.close(),
    });
  }
  const redis = await openRedis(process.env.BENCH_REDIS_URL!, 5000);
  try {
    if (kind === 'bullmq') {
      const q = new BullMqJobQueue(redis, randomIds, { prefix: 'bench', closeTimeoutMs: 5000 });
      return await measureQueue(mode, all, {
        add: (i) => q.add(name, { i }),
        start: () => q.process(name, onJob, { concurrency }),
        close: () => q.close(),
      });
    }
    // Bare BullMQ: the library's defaults, no envelope, no priority, no custom backoff.
    const q = new Queue(name, { connection: redis.client, prefix: 'bench' });
    let w: Worker | undefined;
    return await measureQueue(mode, all, {
      add: (i) => q.add('job', { i }, { removeOnComplete: { count: 1000 }, attempts: 3 }),
      start: () => void (w = new Worker(name, onJob, { connection: redis.client, prefix: 'bench', concurrency })),
      close: async () => {
        await w?.close();
        await q.close();
      },
    });
  } finally {
    await redis.close();
  }
}

interface QueueSubject {
  add(i: number): Promise<unknown>;
  /** Starts processing. */
  start(): void;
  close(): Promise<void>;
}

async function measureQueue(mode: 'e2e' | 'drain', all: Promise<void>, subject: QueueSubject): Promise<number> {
  if (mode === 'drain') await Promise.all(Array.from({ length: JOBS }, (_, i) => subject.add(i)));
  const rate = await timed(JOBS, async () => {
    subject.start();
    if (mode === 'e2e') for (let i = 0; i < JOBS; i++) await subject.add(i);
    await all;
  });
  await subject.close();
  return rate;
}

const COMMITS = 10_000;
const WRITERS = 256;

/**
 * Writes/s when each write is answered only after its transaction committed: `group` through the kernel's
 * GroupCommit (defaults: 500 items, 2 ms linger; a batch is one multi-row insert in a transaction), `each` with one
 * transaction per write. 256 writers at a time, 10 000 writes.
 */
async function commit(kind: 'pglite' | 'postgres', mode: 'group' | 'each'): Promise<number> {
  const config = Object.assign(new PersistenceConfig(), {
    dataDir: mkdtempSync(join(process.env.BENCH_DATA_DIR ?? tmpdir(), 'pglite-')),
    databaseUrl: kind === 'postgres' ? process.env.BENCH_DATABASE_URL : undefined,
  });
  const database = await openSqlDatabase(config);
  const db = database.db;
  await sql`create table if not exists bench_commits (seq bigint generated always as identity primary key,
    id text not null unique, payload text not null)`.execute(db);
  await sql`truncate bench_commits`.execute(db);
  const payload = JSON.stringify({ arm: 'gpt', reward: 0.5, context: [0.1, 0.2, 0.3] });
  const insert = (ids: readonly string[]) =>
    db.transaction().execute(async (tx) => {
      await sql`insert into bench_commits (id, payload)
        select unnest(${ids}::text[]), ${payload}`.execute(tx);
    });
  const group = new GroupCommit<string, void>(
    async (ids) => {
      await insert(ids);
      return ids.map(() => undefined);
    },
    { maxItems: 500, lingerMs: 2 },
  );
  const write = mode === 'group' ? (id: string) => group.submit(id) : (id: string) => insert([id]);
  let next = 0;
  const writer = async () => {
    while (next < COMMITS) await write(`w-${next++}`);
  };
  const perSecond = await timed(COMMITS, () => Promise.all(Array.from({ length: WRITERS }, writer)).then(() => {}));
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from bench_commits`.execute(db);
  if (Number(rows[0].n) !== COMMITS) throw new Error(`stored ${rows[0].n} of ${COMMITS}`);
  await database.close();
  return perSecond;
}

async function main(): Promise<void> {
  const [what, a, b, c] = process.argv.slice(2);
  const perSecond =
    what === 'store'
      ? await store(a as 'pglite', b as 'single', c as 'adapter')
      : what === 'commit'
        ? await commit(a as 'pglite', b as 'group')
        : await queue(a as 'bullmq', Number(b), c as 'e2e');
  process.stdout.write(`${JSON.stringify({ perSecond })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
