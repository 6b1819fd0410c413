import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { exchange } from './http';

/** The repository root: servers run from it so that `config/` is found. */
export const ROOT = join(__dirname, '..', '..');

/** How one server process is started; every restart reuses it (same port, same data). */
export interface ServerSpec {
  readonly name: string;
  /** The compiled entry point (`dist/main.js` or a private build's). */
  readonly entry: string;
  readonly port: number;
  /** The service's environment on top of PATH and TMPDIR (DATA_DIR, keys, DATABASE_URL, …). */
  readonly env: Readonly<Record<string, string>>;
  /** A boot that is not ready within this fails the run. */
  readonly bootTimeoutMs: number;
}

/** Output kept per process for the failure message: the newest characters only. */
const OUTPUT_TAIL = 8000;
const POLL_MS = 50;

/**
 * A real server process that the harness starts, waits for (`GET /health` answers 200) and kills with SIGKILL,
 * again and again on the same data. Each start records how long it took to become ready.
 */
export class ServerProcess {
  private child?: ChildProcess;
  private output = '';
  private exited?: Promise<void>;
  /** Milliseconds from spawn to ready, one per start. */
  readonly readyMs: number[] = [];

  constructor(readonly spec: ServerSpec) {}

  get port(): number {
    return this.spec.port;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the server and resolves once it is ready; rejects with its output when it exits or times out first. */
  async start(): Promise<void> {
    const started = performance.now();
    const child = spawn(process.execPath, ['-r', 'reflect-metadata', this.spec.entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TMPDIR: process.env.TMPDIR ?? '/tmp', ...this.spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-OUTPUT_TAIL));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = started + this.spec.bootTimeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`server ${this.spec.name} exited during boot:\n${this.output}`);
      const probe = await exchange(this.port, { method: 'GET', path: '/health' }, 2000);
      if (probe.kind === 'answer' && probe.status === 200) break;
      if (performance.now() > deadline) {
        await this.kill();
        throw new Error(`server ${this.spec.name} not ready after ${this.spec.bootTimeoutMs} ms:\n${this.output}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    this.readyMs.push(Math.round(performance.now() - started));
  }

  /** SIGKILL and wait for the exit: no shutdown hook runs, nothing is flushed. */
  async kill(): Promise<void> {
    if (!this.child) return;
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** The newest output of the current (or last) process. */
  get log(): string {
    return this.output;
  }
}
