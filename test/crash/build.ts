import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server';

/** The harness's own build, used when `dist/` is missing or older than the sources; never deletes `dist/`. */
const PRIVATE_OUT = join(ROOT, 'dist-crash');
const INPUTS = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** Newest modification time (ms) of what the build compiles: `src/**\/*.ts` but specs, and its configuration. */
function newestInput(): number {
  let newest = Math.max(...INPUTS.map((f) => statSync(join(ROOT, f)).mtimeMs));
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function fresh(entry: string, newest: number): boolean {
  return existsSync(entry) && statSync(entry).mtimeMs >= newest;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${out}`)),
    );
  });
}

/**
 * The compiled server entry point for the harness: `dist/main.js` when it is newer than every source (CI builds
 * before testing), else `dist-crash/main.js`, compiled first when it is stale too. The private build goes to a
 * directory of its own so that a run never deletes or half-writes the `dist/` someone else is starting from.
 */
export async function serverEntry(): Promise<{ entry: string; built: boolean }> {
  const newest = newestInput();
  const dist = join(ROOT, 'dist', 'main.js');
  if (fresh(dist, newest)) return { entry: dist, built: false };
  const entry = join(PRIVATE_OUT, 'main.js');
  if (fresh(entry, newest)) return { entry, built: false };
  const building = `${PRIVATE_OUT}.${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(process.execPath, [
    tsc,
    '-p',
    'tsconfig.build.json',
    '--outDir',
    building,
    '--declaration',
    'false',
    '--sourceMap',
    'false',
  ]);
  rmSync(PRIVATE_OUT, { recursive: true, force: true });
  renameSync(building, PRIVATE_OUT);
  return { entry, built: true };
}
