/**
 * Start-up and memory of the service, for the kernel benchmark:
 * - `startupMs`: from spawning `main.js` (defaults, embedded database in `dataDir`) to its first `GET /health` 200;
 * - `rssMb`: a process's resident set size, read from /proc (Linux).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { freePort } from '../../test/fixtures/free-port';
import { stop } from '../lib/child';

function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/health', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', () => resolve(0));
    req.once('timeout', () => req.destroy());
  });
}

/** Milliseconds from spawning the service to its first `/health` 200; polls every 10 ms, gives up after 60 s. */
export async function startupMs(dataDir: string, logFile: string, nodeFlags: readonly string[]): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, join(__dirname, '..', '..', 'src', 'main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FILE: logFile },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    while (performance.now() - started < 60_000) {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} before /health answered`);
      if ((await healthStatus(port)) === 200) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('/health did not answer 200 within 60 s');
  } finally {
    await stop(child);
  }
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line.split(/\s+/)[1]) / 1024;
}
