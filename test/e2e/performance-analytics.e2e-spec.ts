import { ManualClock } from '../../src/core/runtime/clock';
import { TelemetryService } from '../../src/infrastructure/telemetry/telemetry.service';
import { sequentialIds } from '../../src/core/runtime/id-generator';
import { INTERACTION_LOG, type Interaction, type InteractionLogPort } from '../../src/core/ports/interaction-log.port';
import { interaction } from '../fixtures/analytics';
import { BOOT_TIMEOUT_MS, createApp } from '../fixtures/boot';
import { jsonBody } from '../fixtures/json-body';
import { TestOrchestratorsModule } from '../fixtures/orchestrators';
import { appTestConfig, testDataDir } from '../fixtures/test-config';

const T0 = Date.UTC(2026, 11, 12, 12);
const MIN = 60_000;

/** Boots on `dataDir`; `record` stores interactions in the application's own log. */
async function boot(dataDir: string, clock: ManualClock) {
  const app = await createApp({
    config: appTestConfig({ persistence: { dataDir } }),
    imports: [TestOrchestratorsModule],
    ids: sequentialIds('e2e'),
    clock,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const log = app.get<InteractionLogPort>(INTERACTION_LOG, { strict: false });
  return {
    app,
    record: async (...interactions: Interaction[]) => {
      for (const i of interactions) log.record(i);
      await log.flush();
    },
    inject: app.getHttpAdapter().getInstance().inject.bind(app.getHttpAdapter().getInstance()),
  };
}

describe('performance analytics (e2e)', () => {
  it(
    'feeds the telemetry module’s host readings to the cpu, memory and disk rule metrics, and a rule on them fires',
    async () => {
      const sut = await boot(testDataDir(), new ManualClock(T0));
      const before = await sut.inject({ method: 'POST', url: '/analytics/alerts/evaluate' });
      const absent = Object.keys(jsonBody<{ metrics: Record<string, number> }>(before).metrics);
      const telemetry = sut.app.get(TelemetryService);
      // What collectSystem records from the host source, with fixed readings.
      telemetry.record('system.cpu.percent', 91.5, 'gauge', 'system');
      telemetry.record('system.memory.percent', 42, 'gauge', 'system');
      telemetry.record('system.disk.percent', 77.25, 'gauge', 'system');
      const rule = { metric: 'cpu_percent', comparator: 'gt', threshold: 90, severity: 'warning' };
      expect((await sut.inject({ method: 'PUT', url: '/analytics/rules/cpu_hot', payload: rule })).statusCode).toBe(
        200,
      );
      const after = jsonBody<{ metrics: Record<string, number>; fired: { ruleId: string; value: number }[] }>(
        await sut.inject({ method: 'POST', url: '/analytics/alerts/evaluate' }),
      );
      expect({
        before: absent.filter((k) => k.endsWith('_percent')),
        host: [after.metrics.cpu_percent, after.metrics.memory_percent, after.metrics.disk_percent],
        fired: after.fired.map((a) => [a.ruleId, a.value]),
      }).toEqual({ before: [], host: [91.5, 42, 77.25], fired: [['cpu_hot', 91.5]] });
      await sut.app.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'analyses the tenant’s interactions, reports them as Markdown, and answers no_data for another tenant',
    async () => {
      const clock = new ManualClock(T0);
      const sut = await boot(testDataDir(), clock);
      const quality = [0.8, 0.82, 0.8, 0.82, 0.8, 0.82, 0.8, 0.82, 0.8, 0.82, 0.2];
      await sut.record(
        ...quality.map((q, i) => interaction('default', 'writer', T0 - (11 - i) * MIN, q)),
        interaction('other', 'spy', T0 - MIN, 0.9),
      );

      const res = await sut.inject({ method: 'GET', url: '/analytics/performance' });
      expect(res.statusCode).toBe(200);
      const body = jsonBody<{ anomalies: { detected: number; critical: number }; systemHealth: { status: string } }>(
        res,
      );
      expect(body.anomalies).toMatchObject({ detected: 1, critical: 1 });
      expect(body.systemHealth.status).not.toBe('no_data');

      const report = await sut.inject({ method: 'GET', url: '/analytics/report?format=markdown' });
      expect([report.statusCode, report.headers['content-type']]).toEqual([200, 'text/markdown; charset=utf-8']);
      expect(report.body).toContain('- ↓ writer\\_quality');

      const other = await sut.inject({
        method: 'GET',
        url: '/analytics/performance',
        headers: { 'x-tenant-id': 'empty' },
      });
      expect(jsonBody<{ systemHealth: { status: string } }>(other).systemHealth.status).toBe('no_data');
      await sut.app.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it(
    'refuses a rule on an unknown metric with 400 naming the field',
    async () => {
      const sut = await boot(testDataDir(), new ManualClock(T0));
      const res = await sut.inject({
        method: 'PUT',
        url: '/analytics/rules/cpu_hot',
        payload: { metric: 'cpu', comparator: 'gt', threshold: 1, severity: 'info' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('rule.metric: Invalid option');
      await sut.app.close();
    },
    BOOT_TIMEOUT_MS,
  );

  it('fails at boot with a configured rule on an unknown metric, naming the field', () => {
    const rules = [{ id: 'x', metric: 'nope', comparator: 'gt', threshold: 1, severity: 'info' }];
    expect(() => appTestConfig({ performanceAnalytics: { rules } })).toThrow(
      'performanceAnalytics.rules[0].metric: Invalid option',
    );
  });

  it(
    'keeps a pending alert pending with its elapsed time across a restart, then fires it',
    async () => {
      const dataDir = testDataDir();
      const clock = new ManualClock(T0);
      const rule = { metric: 'health_score', comparator: 'lt', threshold: 0.99, severity: 'warning', forMs: 10 * MIN };

      const first = await boot(dataDir, clock);
      await first.record(
        ...Array.from({ length: 12 }, (_, i) => interaction('default', 'writer', T0 - (12 - i) * MIN, 0.3)),
      );
      expect((await first.inject({ method: 'PUT', url: '/analytics/rules/slow_burn', payload: rule })).statusCode).toBe(
        200,
      );
      const evaluated = await first.inject({ method: 'POST', url: '/analytics/alerts/evaluate' });
      expect(jsonBody<{ pending: string[] }>(evaluated).pending).toContain('slow_burn');
      await first.app.close();

      clock.advance(4 * MIN);
      const second = await boot(dataDir, clock);
      const alerts = jsonBody<{ states: { ruleId: string; state: string; since: number; elapsedMs: number }[] }>(
        await second.inject({ method: 'GET', url: '/analytics/alerts' }),
      );
      expect(alerts.states.find((s) => s.ruleId === 'slow_burn')).toMatchObject({
        state: 'pending',
        since: T0,
        elapsedMs: 4 * MIN,
      });
      clock.advance(7 * MIN);
      const fired = jsonBody<{ fired: { ruleId: string }[] }>(
        await second.inject({ method: 'POST', url: '/analytics/alerts/evaluate' }),
      );
      expect(fired.fired.map((a) => a.ruleId)).toContain('slow_burn');
      await second.app.close();
    },
    BOOT_TIMEOUT_MS * 2,
  );
});
