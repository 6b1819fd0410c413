import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { Pool } from 'pg';
import type { PersistenceConfig } from '../config/kernel.config';
import type { SqlDatabase } from '../ports/sql-database.port';
import { withTimeout } from '../runtime/with-timeout';
import { DatabaseOpenError } from './database-open.error';
import { lockEmbeddedDatabase } from './embedded-database.lock';

export { DatabaseOpenError } from './database-open.error';

/** An open database plus the means to close it. */
export interface OpenedDatabase extends SqlDatabase {
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL when `persistence.databaseUrl` is set, else the embedded PGlite database under
 * `persistence.dataDir/pglite`, and checks it answers within `connectTimeoutMs` (fail fast at boot).
 */
export async function openSqlDatabase(config: PersistenceConfig): Promise<OpenedDatabase> {
  const opened = config.databaseUrl
    ? openPostgres(config.databaseUrl, config.connectTimeoutMs)
    : await openPglite(config.dataDir);
  try {
    await withTimeout(opened.ping(), config.connectTimeoutMs);
  } catch (e) {
    await opened.close().catch(() => undefined);
    const where = config.databaseUrl
      ? `DATABASE_URL (persistence.databaseUrl = ${redactUrl(config.databaseUrl)})`
      : `DATA_DIR (persistence.dataDir = ${config.dataDir})`;
    throw new DatabaseOpenError(`Cannot open the database at ${where}: ${(e as Error).message}`);
  }
  return opened;
}

/** The embedded database, held by this process alone until closed (see `lockEmbeddedDatabase`). */
async function openPglite(dataDir: string): Promise<OpenedDatabase> {
  const dir = join(resolve(dataDir), 'pglite');
  let pglite: PGlite;
  let unlock: () => void = () => undefined;
  try {
    mkdirSync(dir, { recursive: true });
    unlock = lockEmbeddedDatabase(resolve(dataDir));
    // pgvector ships with PGlite: loaded here, enabled by the features that use it (`create extension vector`).
    pglite = await PGlite.create(dir, { extensions: { vector } });
  } catch (e) {
    unlock();
    if (DatabaseOpenError.is(e)) throw e;
    throw new DatabaseOpenError(
      `Cannot open the embedded database in DATA_DIR (persistence.dataDir = ${dataDir}): ${(e as Error).message}`,
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy().finally(unlock),
  };
}

function openPostgres(url: string, connectTimeoutMs: number): OpenedDatabase {
  const pool = new Pool({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, max: 10 });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    ping: async () => void (await sql`select 1`.execute(db)),
    close: () => db.destroy(),
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
