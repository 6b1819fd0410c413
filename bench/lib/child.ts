import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// Workers run compiled (npm run bench builds bench/ and src/ into dist-bench/): under ts-node every EventEmitter
// is slower (ts-node loads node:repl, which turns on domains), which skewed HTTP numbers.
const NODE_ARGS = ['-r', 'reflect-metadata'];

/**
 * The V8 flags `npm start` and the Dockerfile run the service with: none. On Node 20 a 32 MiB semi-space (young
 * generation) made a traced facade call 5.5 → 4.6 µs, so the service ran with it; on Node 24 it changes nothing
 * (the telemetry bench measures both), so it was dropped. Benches that measure the service as deployed pass these
 * to every variant, baselines included.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = [];

/** The young-generation flag the service used on Node 20, measured against the defaults by the telemetry bench. */
export const SEMI_SPACE_32: readonly string[] = ['--max-semi-space-size=32'];
const compiled = (script: string) => join(__dirname, '..', script.replace(/\.ts$/, '.js'));

/** Runs a TypeScript worker in its own Node process and returns the JSON it prints on its last stdout line. */
export function runWorker<T>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeFlags: readonly string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...NODE_ARGS, compiled(script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${out.slice(-500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${out.slice(-500)}`));
      }
    });
  });
}

/** Starts a TypeScript server worker that prints `READY <port>`; resolves with the process and its port. */
export function startServer(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  nodeFlags: readonly string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...NODE_ARGS, compiled(script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not become ready: ${out}`));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready: ${out}`));
    });
  });
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
