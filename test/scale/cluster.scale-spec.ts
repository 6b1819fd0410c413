import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Instance } from './instances';
import { createDatabase, eventually, query, requiredEnv, uniqueName } from './helpers';

/** `GET /scale/migrations`: the migrations this instance applied at boot. */
interface Migrations {
  readonly applied: string[];
}

/**
 * Two app instances in separate processes sharing one PostgreSQL database and one Redis: what running the
 * service on several machines must guarantee.
 */
const SERVICES = join(__dirname, '..', '..', 'scripts', 'services.sh');

describe('two instances sharing PostgreSQL and Redis', () => {
  const TICK_MS = 1000;
  let env: Record<string, string>;
  let databaseUrl: string;
  let instances: Instance[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase('cluster');
    env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: requiredEnv('SCALE_REDIS_URL'),
      REDIS_PREFIX: uniqueName('cluster'),
      JOB_LOCK_MS: '2000',
      SCALE_TICK_MS: String(TICK_MS),
      SHUTDOWN_TIMEOUT_MS: '3000',
    };
    // Both boot at once against an empty database: Kysely's migration lock lets exactly one apply.
    instances = await Promise.all([Instance.start('a', env), Instance.start('b', env)]);
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
  });

  const runs = (kind: string) =>
    query<{ job_id: string; instance: string; attempt: number; at: string }>(
      databaseUrl,
      'select job_id, instance, attempt, at from scale_runs where kind = $1 order by seq',
      [kind],
    );

  it('applies each migration exactly once although both instances booted together', async () => {
    const applied = await Promise.all(
      instances.map(async (i) => (await i.request<Migrations>('GET', '/scale/migrations')).json.applied),
    );
    expect([...applied[0], ...applied[1]].sort()).toEqual([
      '2026_11_24_000_core_kv_entries',
      '2026_11_24_100_resilience_breakers',
      '2026_11_24_200_content_memory',
      '2026_11_24_210_autointel_runs',
      '2026_11_24_900_scale_probe',
      '2026_11_25_100_content_graph',
      '2026_11_25_110_content_continual',
      '2026_12_07_210_autointel_runs_correlation',
      '2026_12_07_300_security_api_keys',
      '2026_12_07_300_security_audit',
      '2026_12_07_310_security_threats',
      '2026_12_07_320_security_blocklist',
      '2026_12_07_400_feedback_log',
      '2026_12_07_450_bandit_journal',
      '2026_12_08_300_hierarchy',
      '2026_12_10_230_missions',
      '2026_12_11_100_mission_modes',
      '2026_12_12_100_agent_interactions',
      '2026_12_12_200_analytics_alerts',
      '2026_12_12_300_agent_definitions',
      '2026_12_13_100_monitoring',
    ]);
    const rows = await query<{ name: string }>(databaseUrl, 'select name from kysely_migration order by name');
    expect(rows.map((r) => r.name)).toEqual([
      '2026_11_24_000_core_kv_entries',
      '2026_11_24_100_resilience_breakers',
      '2026_11_24_200_content_memory',
      '2026_11_24_210_autointel_runs',
      '2026_11_24_900_scale_probe',
      '2026_11_25_100_content_graph',
      '2026_11_25_110_content_continual',
      '2026_12_07_210_autointel_runs_correlation',
      '2026_12_07_300_security_api_keys',
      '2026_12_07_300_security_audit',
      '2026_12_07_310_security_threats',
      '2026_12_07_320_security_blocklist',
      '2026_12_07_400_feedback_log',
      '2026_12_07_450_bandit_journal',
      '2026_12_08_300_hierarchy',
      '2026_12_10_230_missions',
      '2026_12_11_100_mission_modes',
      '2026_12_12_100_agent_interactions',
      '2026_12_12_200_analytics_alerts',
      '2026_12_12_300_agent_definitions',
      '2026_12_13_100_monitoring',
    ]);
  });

  it('processes 1 000 jobs enqueued across both instances exactly once each', async () => {
    const [a, b] = instances;
    const added = await Promise.all([
      a.request('POST', '/scale/enqueue', { queue: 'scale-work', from: 0, to: 500 }),
      b.request('POST', '/scale/enqueue', { queue: 'scale-work', from: 500, to: 1000 }),
    ]);
    expect(added.map((r) => r.json)).toEqual([{ added: 500 }, { added: 500 }]);
    const done = await eventually(
      async () => {
        const rows = await runs('work');
        return rows.length >= 1000 ? rows : undefined;
      },
      60_000,
      '1 000 runs',
    );
    await new Promise((r) => setTimeout(r, 500)); // a duplicate would land after the thousandth row
    const all = await runs('work');
    expect(all).toHaveLength(1000);
    expect(new Set(all.map((r) => r.job_id)).size).toBe(1000);
    const perInstance = {
      a: done.filter((r) => r.instance === 'a').length,
      b: done.filter((r) => r.instance === 'b').length,
    };
    expect(perInstance.a + perInstance.b).toBe(1000);
    expect(perInstance.a).toBeGreaterThan(0);
    expect(perInstance.b).toBeGreaterThan(0);
  });

  it('runs the repeatable job once per period across both instances', async () => {
    const start = Date.now();
    await new Promise((r) => setTimeout(r, 6 * TICK_MS));
    const ticks = (await runs('tick')).map((r) => Number(r.at)).filter((at) => at >= start);
    // Six periods: one run each (a boundary may fall either side), never one per instance.
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    expect(ticks.length).toBeLessThanOrEqual(7);
    const gaps = ticks.slice(1).map((at, i) => at - ticks[i]);
    expect(Math.min(...gaps)).toBeGreaterThan(TICK_MS / 2);
  });

  it('hands a job whose instance was killed with SIGKILL to the other instance, which completes it', async () => {
    const [a] = instances;
    await a.request('POST', '/scale/enqueue', { queue: 'scale-slow', from: 0, to: 1 });
    const started = await eventually(async () => (await runs('slow-start'))[0], 20_000, 'the slow job to start');
    expect(started).toMatchObject({ job_id: 'scale-slow-0', attempt: 1 });
    const victim = instances.find((i) => i.name === started.instance)!;
    const survivor = instances.find((i) => i !== victim)!;
    await victim.kill();
    const done = await eventually(async () => (await runs('slow-done'))[0], 30_000, 'the slow job to be retried');
    expect(done).toMatchObject({ job_id: 'scale-slow-0', instance: survivor.name, attempt: 2 });
    // The victim is gone; start a replacement for the next test.
    instances = [survivor, await Instance.start(victim.name, env)];
  });

  it('keeps every stored row and every accepted job when the instances and both servers restart', async () => {
    // Ten jobs accepted but not yet due when everything goes down.
    const added = await instances[0].request('POST', '/scale/enqueue', {
      queue: 'scale-work',
      from: 1000,
      to: 1010,
      delayMs: 4000,
    });
    expect(added.json).toEqual({ added: 10 });
    await Promise.all(instances.map((i) => i.stop()));
    execFileSync(SERVICES, ['stop']);
    execFileSync(SERVICES, ['start']);
    instances = [await Instance.start('c', env)];
    expect((await instances[0].request<Migrations>('GET', '/scale/migrations')).json.applied).toEqual([]);
    const rows = await eventually(
      async () => {
        const r = await runs('work');
        return r.length >= 1010 ? r : undefined;
      },
      30_000,
      'the ten delayed jobs after the restart',
    );
    expect(rows).toHaveLength(1010);
    expect(new Set(rows.map((r) => r.job_id)).size).toBe(1010);
    expect(rows.slice(1000).map((r) => r.instance)).toEqual(Array(10).fill('c'));
  });
});
