import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runKeysCli } from '../../src/cli/keys-run';
import { ApiKeyService } from '../../src/infrastructure/security/keys/api-key.service';
import { AuditLogService } from '../../src/infrastructure/security/audit/audit-log.service';
import { API_KEY_PATTERN } from '../../src/infrastructure/security/security.config';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { dataOf } from '../fixtures/json-body';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { testDataDir } from '../fixtures/test-config';
import { bearer, TEST_ADMIN_KEY } from '../fixtures/test-keys';

/** A stream that keeps what it is given. */
class TextSink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

interface KeyView {
  prefix: string;
  tenantId: string;
  roles: string[];
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  replacedBy: string | null;
  status: string;
}

const ACTOR = `cli:${userInfo().username}`;
const DAY_MS = 86_400_000;
const prefixOf = (key: string) => key.slice(0, key.indexOf('.'));

/** The CLI on `dataDir` as an operator would run it: no pepper or checkpoint key configured, both from the dir. */
async function keys(dataDir: string, ...argv: string[]): Promise<Run> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const env = { DATA_DIR: dataDir, SECURITY_BOOTSTRAP_KEY: TEST_ADMIN_KEY, METRICS_DEFAULT: 'false', YTDLP: 'off' };
  const code = await runKeysCli(argv, { stdout, stderr, env: { ...env, TELEMETRY_CYCLE_MS: '0' } });
  return { code, out: stdout.text, err: stderr.text };
}

/** `npm run keys` in-process on the server's data directory: the key lifecycle, its audit trail, its errors. */
describe('keys CLI (e2e)', () => {
  const dataDir = testDataDir();
  const runs: Record<string, Run> = {};
  let before = 0;
  let after = 0;

  const created = () => runs.create.out.trim();
  const createdJson = () => JSON.parse(runs.createJson.out) as { key: string; view: KeyView };
  const rotated = () => runs.rotate.out.trim();
  const acmeKeys = () => (JSON.parse(runs.listJson.out) as { keys: KeyView[] }).keys;

  beforeAll(async () => {
    runs.create = await keys(
      dataDir,
      'create',
      '--tenant',
      'acme',
      '--role',
      'admin',
      '--name',
      'ci',
      '--expires-in',
      '30d',
    );
    runs.createJson = await keys(
      dataDir,
      'create',
      '--tenant',
      'beta',
      '--role',
      'user',
      '--attribute',
      'riskTier=medium',
      '--json',
    );
    before = Date.now();
    runs.rotate = await keys(dataDir, 'rotate', prefixOf(created()));
    after = Date.now();
    runs.revoke = await keys(dataDir, 'revoke', prefixOf(createdJson().key));
    runs.list = await keys(dataDir, 'list');
    runs.listJson = await keys(dataDir, 'list', '--tenant', 'acme', '--json');
  }, 6 * BOOT_TIMEOUT_MS);

  it('prints a created key alone on stdout, once, and what is stored of it on stderr', () => {
    expect(runs.create.code).toBe(0);
    expect(runs.create.out).toMatch(/^ck_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}\n$/);
    expect(API_KEY_PATTERN.test(created())).toBe(true);
    expect(runs.create.err).toMatch(
      new RegExp(
        `^Created ${prefixOf(created())} "ci" of tenant "acme": roles admin; scopes none; expires \\S+Z\\.\\n` +
          'The key above is shown only this once: store it now\\.\\n$',
      ),
    );
    expect(runs.createJson.code).toBe(0);
    expect(createdJson().view).toMatchObject({ tenantId: 'beta', roles: ['user'], attributes: { riskTier: 'medium' } });
    expect(API_KEY_PATTERN.test(createdJson().key)).toBe(true);
  });

  it('rotates: the new key on stdout, the old key’s grace end on stderr', () => {
    expect(runs.rotate.code).toBe(0);
    expect(runs.rotate.out).toMatch(/^ck_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}\n$/);
    const old = acmeKeys().find((k) => k.prefix === prefixOf(created()))!;
    expect(old.replacedBy).toBe(prefixOf(rotated()));
    expect(old.expiresAt).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(old.expiresAt).toBeLessThanOrEqual(after + DAY_MS);
    const graceEnd = `${new Date(old.expiresAt!).toISOString().slice(0, 19)}Z`;
    expect(runs.rotate.err).toContain(`The old key ${old.prefix} stays valid until ${graceEnd}, then it is refused.`);
  });

  it('revokes, and lists every key with its state but never a secret or a hash', () => {
    expect(runs.revoke).toMatchObject({ code: 0, err: '' });
    expect(runs.revoke.out).toMatch(
      new RegExp(`^Key ${prefixOf(createdJson().key)} of tenant "beta" is revoked \\(since \\S+Z\\)\\.\\n$`),
    );
    expect(runs.list.code).toBe(0);
    const lines = runs.list.out.trim().split('\n');
    expect(lines[0]).toMatch(/^KEY ID +TENANT +NAME +ROLES +CREATED +EXPIRES +LAST USED +REVOKED +STATUS$/);
    expect(lines.map((l) => l.split(/ {2,}/)[0]).sort()).toEqual(
      ['KEY ID', 'ck_00000000000000a1', ...[created(), createdJson().key, rotated()].map(prefixOf)].sort(),
    );
    expect(lines.find((l) => l.startsWith(prefixOf(createdJson().key)))).toMatch(/ beta +cli +user .* revoked$/);
    for (const output of [runs.list.out, runs.listJson.out]) {
      for (const key of [created(), createdJson().key, rotated(), TEST_ADMIN_KEY])
        expect(output).not.toContain(key.slice(key.indexOf('.') + 1));
      expect(output).not.toMatch(/[0-9a-f]{64}/);
    }
    expect(acmeKeys().map((k) => [k.prefix, k.tenantId, k.status])).toEqual([
      [prefixOf(rotated()), 'acme', 'active'],
      [prefixOf(created()), 'acme', 'active'],
    ]);
  });

  describe('on the server, booted on the same data directory', () => {
    let t: TestApp;
    beforeAll(async () => {
      // The pepper and the audit checkpoint key come from the data directory, as they did for the CLI.
      t = await createTestApp({
        persistence: { dataDir },
        security: { pepper: undefined },
        audit: { checkpointKey: undefined },
      });
    }, BOOT_TIMEOUT_MS);
    afterAll(() => t?.close(), BOOT_TIMEOUT_MS);

    it('authenticates the keys the CLI made (the old one within its grace), refuses the revoked one', async () => {
      const res = await t.request({ method: 'GET', url: '/security/keys', headers: bearer(rotated()) });
      expect(res.statusCode).toBe(200);
      expect(dataOf<{ keys: KeyView[] }>(res).keys.map((k) => k.prefix)).toEqual([rotated(), created()].map(prefixOf));
      const sut = t.app.get(ApiKeyService);
      expect(await sut.authenticate(created())).toMatchObject({ principal: { tenantId: 'acme', roles: ['admin'] } });
      expect(await sut.authenticate(createdJson().key)).toEqual({ failure: 'revoked' });
    });

    it('finds every change in the audit log with the actor cli:<user>, the chain intact', async () => {
      const audit = t.app.get(AuditLogService);
      const page = await audit.query({ limit: 1000 });
      const byCli = page.rows.filter((e) => e.actor === ACTOR).map((e) => [e.action, e.tenantId, e.resource]);
      expect(byCli.reverse()).toEqual([
        ['key_created', 'acme', `key:${prefixOf(created())}`],
        ['key_created', 'beta', `key:${prefixOf(createdJson().key)}`],
        ['key_created', 'acme', `key:${prefixOf(rotated())}`],
        ['key_rotated', 'acme', `key:${prefixOf(created())}`],
        ['key_revoked', 'beta', `key:${prefixOf(createdJson().key)}`],
      ]);
      const report = await audit.verify();
      expect([report.integrity.ok, report.checkpoints.ok]).toEqual([true, true]);
    });
  });

  it('exits 2 on a bad argument, naming it, with the usage, before touching the store', async () => {
    const fresh = join(mkdtempSync(join(tmpdir(), 'crew-keys-')), 'unused');
    const run = await keys(fresh, 'create', '--tenant', 'acme', '--role', 'root');
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(
      /^keys: --role must be one of the following values: viewer, user, moderator, ops, admin, got "root"\n\nUsage: npm run keys -- <command>/,
    );
    expect((await keys(fresh, 'list', '--colour')).err).toMatch(
      /^keys: unknown option '--colour' for list \(it takes --tenant, --json\)\n\nUsage: /,
    );
    expect(existsSync(fresh)).toBe(false);
  });

  it(
    'exits 1 naming the key when there is no such key',
    async () => {
      expect(await keys(dataDir, 'revoke', 'ck_ffffffffffffffff')).toEqual({
        code: 1,
        out: '',
        err: 'keys: no key ck_ffffffffffffffff\n',
      });
    },
    BOOT_TIMEOUT_MS,
  );

  describe('while another process has the embedded database open', () => {
    let holder: ChildProcess;
    beforeAll(async () => {
      holder = spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-e',
          `require('./src/core/persistence/sql-database.factory')
            .openSqlDatabase({ dataDir: process.argv[1], connectTimeoutMs: 10000 })
            .then(() => console.log('open'));`,
          dataDir,
        ],
        { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await once(holder.stdout!, 'data');
    }, BOOT_TIMEOUT_MS);
    afterAll(() => holder?.kill('SIGKILL'));

    it(
      'refuses with exit 1, naming the process and saying how to go on',
      async () => {
        const run = await keys(dataDir, 'list');
        expect(run.code).toBe(1);
        expect(run.out).toBe('');
        expect(run.err).toContain(
          `keys: The embedded database in DATA_DIR (persistence.dataDir = ${dataDir}) is in use by process ${holder.pid} `,
        );
        expect(run.err).toContain(
          "The keys live in the server's database: stop the server and run this again, or manage the keys over its " +
            'REST routes (POST/GET /security/keys',
        );
        // Once that process is gone (killed: its lock stays behind, stale), the CLI opens the database again.
        holder.kill('SIGKILL');
        await once(holder, 'exit');
        expect((await keys(dataDir, 'list', '--tenant', 'beta')).code).toBe(0);
      },
      2 * BOOT_TIMEOUT_MS,
    );
  });
});
