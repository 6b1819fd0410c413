import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Instance } from './instances';
import { createDatabase, freePort, requiredEnv } from './helpers';

/** Bad configuration fails the boot fast (exit 1) with a message naming the setting, and leaks no secret. */
describe('boot with bad persistence settings', () => {
  const fast = { DATABASE_CONNECT_TIMEOUT_MS: '3000' };

  it('names DATABASE_URL when nothing listens at its address', async () => {
    const port = await freePort();
    const run = await Instance.run('x', { ...fast, DATABASE_URL: `postgres://crew:secret@127.0.0.1:${port}/crew` });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `Cannot open the database at DATABASE_URL (persistence.databaseUrl = postgres://crew:***@127.0.0.1:${port}/crew)`,
    );
    expect(run.output).toContain('ECONNREFUSED');
    expect(run.output).not.toContain('secret');
  });

  it('names DATABASE_URL when the password is wrong', async () => {
    const url = new URL(await createDatabase('badpw'));
    url.password = 'not-the-password';
    const run = await Instance.run('x', { ...fast, DATABASE_URL: url.toString() });
    expect(run.code).toBe(1);
    expect(run.output).toContain('Cannot open the database at DATABASE_URL');
    expect(run.output).toContain('password authentication failed for user "crew"');
    expect(run.output).not.toContain('not-the-password');
  });

  it('names REDIS_URL when Redis is down at boot', async () => {
    const port = await freePort();
    const run = await Instance.run('x', {
      ...fast,
      DATABASE_URL: await createDatabase('noredis'),
      REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `Cannot connect to Redis at REDIS_URL (persistence.redisUrl = redis://:***@127.0.0.1:${port})`,
    );
    expect(run.output).not.toContain('hunter2');
  });

  it('names DATA_DIR when the embedded database cannot be created there', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crew-bad-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const run = await Instance.run('x', { DATA_DIR: file });
    expect(run.code).toBe(1);
    expect(run.output).toContain(`Cannot open the embedded database in DATA_DIR (persistence.dataDir = ${file})`);
  });

  it('names the variable when REDIS_URL is not a Redis URL', async () => {
    const run = await Instance.run('x', { REDIS_URL: 'http://127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.output).toContain('persistence.redisUrl must be a redis:// or rediss:// URL (set by env REDIS_URL)');
  });

  it('boots with good settings (the control case)', async () => {
    const run = await Instance.run('x', {
      DATABASE_URL: await createDatabase('good'),
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
    });
    expect(run.output).toContain('{"ready":true');
    // Nest's shutdown hooks re-raise the signal once the app has closed.
    expect(run).toMatchObject({ code: null, signal: 'SIGTERM' });
  });
});
