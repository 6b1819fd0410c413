import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer } from '../fixtures/test-keys';
import { createDatabase, eventually, requiredEnv, uniqueName } from './helpers';
import { Instance } from './instances';

interface Threat {
  threatId: string;
  threatType: string;
  status: string;
}

/** A configuration folder: the service's defaults, and `threats.blocklistSyncMs` for the instances (production). */
function configDir(blocklistSyncMs: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'crew-config-'));
  copyFileSync(join(__dirname, '..', '..', 'config', 'default.yaml'), join(dir, 'default.yaml'));
  writeFileSync(join(dir, 'production.yaml'), `threats:\n  blocklistSyncMs: ${blocklistSyncMs}\n`);
  return dir;
}

/**
 * Threats and the blocklist of instances sharing one PostgreSQL and one Redis: a block or an unblock on one
 * instance is enforced by the others at once (a Redis message), a threat's lifecycle is read from the shared
 * table, and an instance that missed the messages catches up from the table.
 */
describe('threats and the blocklist shared by instances', () => {
  let env: Record<string, string>;
  const instances: Instance[] = [];
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    env = {
      DATABASE_URL: await createDatabase('threats'),
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('threats'),
      // An hour: within a test only a message can bring a change.
      CONFIG_DIR: configDir(3_600_000),
    };
    [a, b] = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
    instances.push(a, b);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
  });

  /** A user key of tenant `default`, created on `on`; returns its text. */
  const userKey = async (on: Instance) =>
    (await on.request<{ data: { key: string } }>('POST', '/security/keys', { name: 'scale user', roles: ['user'] }))
      .json.data.key;
  const statusOf = async (on: Instance, key: string) =>
    (await on.request('GET', '/orchestrators', undefined, bearer(key))).status;
  const until = (on: Instance, key: string, status: number, ms: number, what: string) =>
    eventually(async () => ((await statusOf(on, key)) === status ? true : undefined), ms, what);
  const block = (on: Instance, key: string) =>
    on.request('POST', '/security/blocklist', {
      kind: 'principal',
      value: key.split('.')[0],
      ttlSeconds: 600,
      reason: 'scale test',
    });

  it('a principal blocked on A is refused by B at once, and served by both once lifted on B', async () => {
    const key = await userKey(a);
    expect([await statusOf(a, key), await statusOf(b, key)]).toEqual([200, 200]);
    expect((await block(a, key)).status).toBe(201);
    expect(await statusOf(a, key)).toBe(403);
    await until(b, key, 403, 2000, 'B to refuse the principal blocked on A');
    const lifted = await b.request('DELETE', `/security/blocklist/principal/${key.split('.')[0]}`);
    expect(lifted.status).toBe(200);
    expect(await statusOf(b, key)).toBe(200);
    await until(a, key, 200, 2000, 'A to serve the principal lifted on B');
  });

  it('a threat resolved on A is read as resolved on B', async () => {
    // More than threats.requestsPerWindow (100) requests a minute: suspicious_activity, left open (one threat, or
    // two when the IP's window, which counted the first test's requests too, went over before the key's).
    for (let i = 0; i < 101; i++) expect((await a.request('GET', '/orchestrators')).status).toBe(200);
    const threats = async (on: Instance) =>
      (await on.request<{ data: { threats: Threat[] } }>('GET', '/security/threats')).json.data.threats
        .filter((t) => t.threatType === 'suspicious_activity')
        .map((t) => [t.threatId, t.status]);
    const seen = await threats(b);
    expect(seen.map(([, status]) => status)).toEqual(seen.map(() => 'open'));
    const id = seen[0][0];
    const resolved = await a.request('POST', `/security/threats/${id}/resolve`, { note: 'a scale test' });
    expect(resolved.status).toBe(200);
    expect(await threats(b)).toEqual(seen.map(([t]) => [t, t === id ? 'resolved' : 'open']));
  });

  it('an instance that gets no message loads the entries at boot and catches up from the table', async () => {
    const [early, late] = [await userKey(a), await userKey(a)];
    expect((await block(a, early)).status).toBe(201);
    // Another Redis prefix: C hears none of A's and B's messages; it reloads the table every second.
    const c = await Instance.start('c', { ...env, REDIS_PREFIX: uniqueName('deaf'), CONFIG_DIR: configDir(1000) });
    instances.push(c);
    expect([await statusOf(c, early), await statusOf(c, late)]).toEqual([403, 200]);
    expect((await block(b, late)).status).toBe(201);
    await until(c, late, 403, 5000, 'C to catch up on the block made on B');
    expect((await a.request('DELETE', `/security/blocklist/principal/${early.split('.')[0]}`)).status).toBe(200);
    await until(c, early, 200, 5000, 'C to catch up on the entry lifted on A');
  });
});
