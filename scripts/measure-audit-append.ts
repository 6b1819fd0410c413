/**
 * `npx ts-node --transpile-only scripts/measure-audit-append.ts`: audit append throughput on PostgreSQL with one
 * and with two appending processes (the audit log's default settings: batches of 100, 10 ms flush delay). Each
 * process records EVENTS events at once into its `AuditLogService` and waits until they are stored; the rate is
 * all events over the wall time from a common start to the last process done. A fresh database per round, the
 * chain verified after each. PostgreSQL comes from scripts/services.sh (free loopback ports, stopped afterwards).
 * Prints min / median / max events/s of ROUNDS rounds. Quoted in docs/security/audit.md.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { Client } from 'pg';
import { PersistenceConfig } from '../src/core/config/kernel.config';
import { openSqlDatabase } from '../src/core/persistence/sql-database.factory';
import { AUDIT_MIGRATIONS } from '../src/infrastructure/security/audit/audit.migrations';
import { auditEvent, auditHarness } from '../test/fixtures/audit-log';
import { freePort } from '../test/fixtures/free-port';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const DEFAULTS = { flushDelayMs: 10, retryDelayMs: 200, retryMaxDelayMs: 10_000, verifyPageSize: 5000 };

async function open(url: string) {
  return openSqlDatabase(Object.assign(new PersistenceConfig(), { databaseUrl: url, dataDir: tmpdir() }));
}

/** A worker: waits for `go` on stdin, records EVENTS events, flushes, prints `done`. */
async function worker(url: string, name: string): Promise<void> {
  const database = await open(url);
  const { sut } = auditHarness(database, DEFAULTS);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (let i = 0; i < EVENTS; i++) sut.record(auditEvent(i, { actor: name }));
  await sut.flush();
  await database.close();
  process.stdout.write('done\n');
  process.exit(0);
}

function start(url: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, 'worker', url, name], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}`)));
  });
}

/** One round with `processes` appenders on a fresh database; resolves with events/s. */
async function round(server: string, processes: number, n: number): Promise<number> {
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database audit_${processes}_${n}`);
  await admin.end();
  const url = server.replace(/\/[^/]*$/, `/audit_${processes}_${n}`);
  const database = await open(url);
  const { error } = await new Migrator({
    db: database.db,
    provider: { getMigrations: async () => ({ ...AUDIT_MIGRATIONS }) },
  }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('the audit migration failed');
  const children = await Promise.all(Array.from({ length: processes }, (_, i) => start(url, `p${i}`)));
  const done = children.map((c) => new Promise((resolve) => c.stdout!.once('data', resolve)));
  const started = process.hrtime.bigint();
  for (const c of children) c.stdin!.write('go\n');
  await Promise.all(done);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const report = await auditHarness(database, DEFAULTS).sut.verify();
  if (!report.integrity.ok || !report.completeness.ok || report.integrity.checkedRows !== processes * EVENTS)
    throw new Error(`the chain did not verify: ${JSON.stringify(report)}`);
  await database.close();
  return (processes * EVENTS) / seconds;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crew-measure-services-'));
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  const env = {
    ...process.env,
    CREW_SERVICES_DIR: dir,
    CREW_PG_PORT: String(pgPort),
    CREW_REDIS_PORT: String(redisPort),
  };
  const services = join(__dirname, 'services.sh');
  const lines = execFileSync(services, ['start'], { env }).toString().trim().split('\n');
  const server = lines.find((l) => l.startsWith('DATABASE_URL='))!.slice('DATABASE_URL='.length);
  try {
    for (const processes of [1, 2]) {
      const rates: number[] = [];
      for (let n = 0; n < ROUNDS; n++) rates.push(await round(server, processes, n));
      rates.sort((x, y) => x - y);
      const [min, median, max] = [rates[0], rates[Math.floor(rates.length / 2)], rates[rates.length - 1]];
      console.log(
        `${processes} process(es) × ${EVENTS} events: ${Math.round(min)} / ${Math.round(median)} / ${Math.round(max)} events/s (min / median / max)`,
      );
    }
  } finally {
    execFileSync(services, ['stop'], { env });
  }
}

if (process.argv[2] === 'worker') void worker(process.argv[3], process.argv[4]);
else void main();
