import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseInUseError } from './database-in-use.error';

/** Name of the lock file in `persistence.dataDir`. */
export const EMBEDDED_LOCK_FILE = 'pglite.lock';

/** Who holds the lock: a process id and when it took the lock (epoch ms). */
interface Holder {
  readonly pid: number;
  readonly since: number;
}

/** What the lock needs from the machine; tests give their own. */
export interface LockEnvironment {
  readonly pid: number;
  readonly now: () => number;
  /** Whether a process with this id is running. */
  readonly runs: (pid: number) => boolean;
}

/** Whether a process runs: signal 0 checks without sending anything (EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const HOST: LockEnvironment = { pid: process.pid, now: Date.now, runs: processRuns };

/**
 * Takes `<dataDir>/pglite.lock` for this process and returns the function that gives it back. PGlite itself lets a
 * second process open the same directory (both then write to it, which corrupts it), so every opening of the
 * embedded database goes through this lock. The file names the holder's process id: a lock whose process is gone,
 * or that names this very process id (a restarted container's process 1), is stale and taken over. Throws
 * {@link DatabaseInUseError} while another running process holds it.
 */
export function lockEmbeddedDatabase(dataDir: string, env: LockEnvironment = HOST): () => void {
  const path = join(dataDir, EMBEDDED_LOCK_FILE);
  const mine = JSON.stringify({ pid: env.pid, since: env.now() } satisfies Holder);
  // Written in full under a private name first, then linked into place: a reader never sees half a lock, and the
  // link fails when the lock exists.
  const draft = `${path}.${env.pid}`;
  writeFileSync(draft, mine, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(draft, path);
        return () => release(path, mine);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readHolder(path);
      if (holder && holder.pid !== env.pid && env.runs(holder.pid)) throw inUse(dataDir, path, holder);
      rmSync(path, { force: true });
    }
    // Another process took it between our removal of a stale lock and our link.
    const holder = readHolder(path);
    throw inUse(dataDir, path, holder ?? { pid: -1, since: env.now() });
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Removes the lock if it is still this holder's. */
function release(path: string, mine: string): void {
  try {
    if (readFileSync(path, 'utf8') === mine) rmSync(path, { force: true });
  } catch {
    // Already gone: nothing to give back.
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0
      ? { pid: parsed.pid, since: typeof parsed.since === 'number' ? parsed.since : 0 }
      : undefined;
  } catch {
    return undefined;
  }
}

function inUse(dataDir: string, path: string, holder: Holder): DatabaseInUseError {
  return new DatabaseInUseError(
    `The embedded database in DATA_DIR (persistence.dataDir = ${dataDir}) is in use by process ${holder.pid} ` +
      `(since ${new Date(holder.since).toISOString()}); one process at a time may open it. Stop that process or ` +
      `use another DATA_DIR. If no such process runs, delete ${path}.`,
    holder.pid,
  );
}
