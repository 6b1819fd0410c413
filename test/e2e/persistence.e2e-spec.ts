import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { MigrationRunner } from '../../src/core/persistence/migration-runner';
import { KEY_VALUE_STORE, type KeyValueStore } from '../../src/core/ports/key-value.port';
import { JOB_QUEUE, type JobQueue } from '../../src/core/ports/job-queue.port';
import { SCHEDULER, type Scheduler } from '../../src/core/ports/scheduler.port';
import { jsonBody } from '../fixtures/json-body';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

describe('persistence (e2e)', () => {
  it(
    'keeps stored rows across a restart and applies each migration once',
    async () => {
      const dataDir = testDataDir();
      const scope = { tenantId: 'acme', namespace: 'test' };

      const first = await createApp({ config: appTestConfig({ persistence: { dataDir } }) });
      await first.init();
      expect(first.get(MigrationRunner).appliedAtBoot()).toEqual([
        '2026_11_24_000_core_kv_entries',
        '2026_11_24_100_resilience_breakers',
        '2026_11_24_200_content_memory',
        '2026_11_24_210_autointel_runs',
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
      await first.get<KeyValueStore>(KEY_VALUE_STORE).set(scope, 'k', { kept: true });
      await first.close();

      const second = await createApp({ config: appTestConfig({ persistence: { dataDir } }) });
      await second.init();
      expect(second.get(MigrationRunner).appliedAtBoot()).toEqual([]);
      expect(await second.get<KeyValueStore>(KEY_VALUE_STORE).get(scope, 'k')).toEqual({ kept: true });
      await second.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'reports the database on /health',
    async () => {
      const app = await createApp({ config: appTestConfig() });
      await app.init();
      const fastify = app.getHttpAdapter().getInstance();
      await fastify.ready();
      const res = await fastify.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(jsonBody<{ info: { database: unknown } }>(res).info.database).toMatchObject({
        status: 'up',
        kind: 'pglite',
      });
      await app.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'provides the queue and the scheduler ports',
    async () => {
      const app = await createApp({ config: appTestConfig() });
      await app.init();
      const queue = app.get<JobQueue>(JOB_QUEUE);
      const done: number[] = [];
      queue.process<number>('e2e', async (job) => void done.push(job.data));
      await queue.add('e2e', 7);
      await new Promise((r) => setTimeout(r, 20));
      expect(done).toEqual([7]);
      await app.get<Scheduler>(SCHEDULER).every('tick', 60_000, () => undefined);
      expect(await app.get<Scheduler>(SCHEDULER).cancel('tick')).toBe(true);
      await app.close();
    },
    BOOT_TIMEOUT_MS,
  );
});
