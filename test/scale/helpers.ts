import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../fixtures/free-port';

export { freePort };

/** An environment variable set by scripts/test-scale.sh; the suite cannot run without it. */
export function requiredEnv(name: 'SCALE_DATABASE_URL' | 'SCALE_REDIS_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the scale tests with "npm run test:scale"`);
  return value;
}

/** A unique, valid Redis key prefix / database name suffix. */
export function uniqueName(label: string): string {
  return `${label}_${randomBytes(4).toString('hex')}`;
}

/** Creates a fresh database on the scale PostgreSQL server and returns its URL. */
export async function createDatabase(label: string): Promise<string> {
  const server = new URL(requiredEnv('SCALE_DATABASE_URL'));
  const name = uniqueName(label).toLowerCase();
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  server.pathname = `/${name}`;
  return server.toString();
}

/**
 * A configuration directory for instances (env `CONFIG_DIR`): the project's `config/default.yaml` and, as
 * `production.yaml` (instances run with NODE_ENV=production), `yaml` on top: settings that have no variable.
 */
export function configDir(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'crew-config-'));
  copyFileSync(join(__dirname, '..', '..', 'config', 'default.yaml'), join(dir, 'default.yaml'));
  writeFileSync(join(dir, 'production.yaml'), yaml);
  return dir;
}

/** Runs one query against `url` and returns its rows. */
export async function query<R extends Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** A private redis-server the test may stop and restart (AOF on, data in a temp dir, loopback only). */
export class PrivateRedis {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'crew-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--bind',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    this.process = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  }

  /** SIGTERM: Redis flushes its append-only file and exits. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
