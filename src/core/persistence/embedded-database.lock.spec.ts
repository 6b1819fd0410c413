import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseInUseError } from './database-in-use.error';
import { EMBEDDED_LOCK_FILE, lockEmbeddedDatabase, processRuns, type LockEnvironment } from './embedded-database.lock';

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);

/** A process `pid` on a machine where the processes in `running` run. */
const machine = (pid: number, running: readonly number[]): LockEnvironment => ({
  pid,
  now: () => T0,
  runs: (p) => running.includes(p),
});

describe(lockEmbeddedDatabase.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'crew-lock-'))));
  const lockFile = () => join(dir, EMBEDDED_LOCK_FILE);

  it('writes the holder and removes the lock when given back', () => {
    const release = lockEmbeddedDatabase(dir, machine(100, [100]));
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual({ pid: 100, since: T0 });
    expect(readdirSync(dir)).toEqual([EMBEDDED_LOCK_FILE]);
    release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses while another running process holds it, naming the process, the directory and the file', () => {
    lockEmbeddedDatabase(dir, machine(100, [100, 200]));
    let error: unknown;
    try {
      lockEmbeddedDatabase(dir, machine(200, [100, 200]));
    } catch (e) {
      error = e;
    }
    expect(DatabaseInUseError.is(error)).toBe(true);
    expect((error as DatabaseInUseError).holderPid).toBe(100);
    expect((error as Error).message).toBe(
      `The embedded database in DATA_DIR (persistence.dataDir = ${dir}) is in use by process 100 ` +
        `(since 2026-12-07T10:00:00.000Z); one process at a time may open it. Stop that process or use another ` +
        `DATA_DIR. If no such process runs, delete ${lockFile()}.`,
    );
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual({ pid: 100, since: T0 });
    expect(readdirSync(dir)).toEqual([EMBEDDED_LOCK_FILE]);
  });

  it('takes over a lock whose process is gone, one that names this process id, and an unreadable one', () => {
    lockEmbeddedDatabase(dir, machine(100, [100]));
    lockEmbeddedDatabase(dir, machine(200, [200]));
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 200 });
    lockEmbeddedDatabase(dir, machine(200, [200]));
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 200 });
    writeFileSync(lockFile(), '{"pid":');
    lockEmbeddedDatabase(dir, machine(300, [200, 300]));
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 300 });
  });

  it('leaves a lock another process took over in place when giving back its own', () => {
    const release = lockEmbeddedDatabase(dir, machine(100, [100]));
    lockEmbeddedDatabase(dir, machine(200, [200]));
    release();
    expect(existsSync(lockFile())).toBe(true);
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: 200 });
  });
});

describe(processRuns.name, () => {
  it('tells a running process from one that is not', () => {
    expect(processRuns(process.pid)).toBe(true);
    expect(processRuns(2 ** 22 + 1)).toBe(false); // above Linux's pid_max
  });
});
