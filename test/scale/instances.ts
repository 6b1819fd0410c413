import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { bearer, TEST_ADMIN_KEY, TEST_AUDIT_CHECKPOINT_KEY, TEST_PEPPER } from '../fixtures/test-keys';

/**
 * What every instance shares for the security boundary: the test admin key, the key pepper and the audit
 * checkpoint key (instances on one PostgreSQL must agree on both), and no rate limits (the suites send bursts).
 */
const SECURITY_ENV = {
  SECURITY_BOOTSTRAP_KEY: TEST_ADMIN_KEY,
  SECURITY_PEPPER: TEST_PEPPER,
  AUDIT_CHECKPOINT_KEY: TEST_AUDIT_CHECKPOINT_KEY,
  RATE_LIMIT_ENABLED: 'false',
};

const ENTRY = join(__dirname, '..', '..', 'dist-scale', 'test', 'scale', 'support', 'instance.js');
const ROOT = join(__dirname, '..', '..');

/** One app instance in its own process (dist-scale/…/instance.js, built by scripts/test-scale.sh). */
export class Instance {
  private output = '';
  port = 0;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Starts an instance and resolves once it listens; rejects with its output if it exits first. */
  static start(name: string, env: Record<string, string>): Promise<Instance> {
    const child = spawn(process.execPath, ['-r', 'reflect-metadata', ENTRY], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        LOG_HTTP_REQUESTS: 'false',
        METRICS_DEFAULT: 'false',
        INSTANCE_NAME: name,
        ...SECURITY_ENV,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance = new Instance(name, child);
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) =>
        reject(new Error(`instance ${name} exited (${code ?? signal}) before it was ready:\n${instance.output}`));
      child.once('exit', onExit);
      child.stdout.on('data', () => {
        const line = instance.output.split('\n').find((l) => l.startsWith('{"ready":true'));
        if (!line) return;
        child.off('exit', onExit);
        instance.port = (JSON.parse(line) as { port: number }).port;
        resolve(instance);
      });
    });
  }

  /** Runs the instance to completion and returns its exit code and output (for boot-failure tests). */
  static run(
    name: string,
    env: Record<string, string>,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; ms: number }> {
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['-r', 'reflect-metadata', ENTRY], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          INSTANCE_NAME: name,
          ...SECURITY_ENV,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => {
        output += c.toString();
        if (output.includes('{"ready":true')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('exit', (code, signal) => resolve({ code, signal, output, ms: Date.now() - started }));
    });
  }

  /**
   * A request to the instance with the test admin key (unless `headers` bring their own); `json` is its parsed
   * body, typed as the caller describes the fields it reads.
   */
  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: T }> {
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { ...bearer(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  /** SIGTERM and wait: the graceful path (shutdown hooks run). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /** SIGKILL: the process dies mid-work, no hook runs. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** The process id (what the service records as `<host>:<pid>` for the work it does). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
  }
}
