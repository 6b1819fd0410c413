import { BackgroundJobs } from '../../src/core/jobs/background-jobs';
import { CYCLE_JOB } from '../../src/infrastructure/telemetry/telemetry.orchestrator';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp, type TestApp } from '../fixtures/test-app';
import { dataOf, jsonBody } from '../fixtures/json-body';

describe('telemetry (e2e)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ telemetry: { tracing: true } });
  }, BOOT_TIMEOUT_MS);
  afterAll(() => sut?.close(), BOOT_TIMEOUT_MS);

  const orchestrate = (input: unknown) =>
    sut.request({ method: 'POST', url: '/orchestrators/telemetry/orchestrate', payload: { input } });

  it('runs operations over REST, with spans of the calls themselves in the trace summary', async () => {
    await orchestrate({ operation: 'alert_summary' });
    const res = await orchestrate({ operation: 'trace_summary' });
    expect(res.statusCode).toBe(200);
    expect(dataOf(res)).toMatchObject({
      totalTraces: 1,
      operations: { 'orchestrate telemetry': 1 },
      statusDistribution: { success: 1 },
      errorRate: 0,
    });
  });

  it('rejects an unknown operation and an unknown dashboard, naming them', async () => {
    const bad = await orchestrate({ operation: 'explode' });
    expect(bad.statusCode).toBe(400);
    expect(jsonBody(bad).error).toBe(
      'operation must be one of run_cycle, metrics_summary, trace_summary, alert_summary, dashboard, resolve_alert',
    );
    const missing = await orchestrate({ operation: 'dashboard', dashboardId: 'nope' });
    expect(missing.statusCode).toBe(404);
    expect(jsonBody(missing).error).toBe('Dashboard "nope" not found');
  });

  it('serves dashboards as JSON computed from data, 404 for an unknown one', async () => {
    const res = await sut.request({ method: 'GET', url: '/telemetry/dashboards/main_dashboard' });
    expect(res.statusCode).toBe(200);
    const dashboard = jsonBody<{ panels: Readonly<Record<string, unknown>> }>(res);
    expect(Object.keys(dashboard.panels)).toEqual([
      'system_health',
      'metrics_summary',
      'trace_summary',
      'alerts_summary',
      'performance_trends',
    ]);
    // The four facade calls so far: two ok, two errors (the bad operation and the unknown dashboard).
    expect(dashboard.panels.system_health).toMatchObject({ totalTraces: 4, errorRatePercent: 50, status: 'critical' });
    const unknown = await sut.request({ method: 'GET', url: '/telemetry/dashboards/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ category: 'not_found', error: 'Dashboard "nope" not found' });
    expect((await sut.request({ method: 'POST', url: '/telemetry/alerts/none/resolve' })).statusCode).toBe(404);
  });

  it(
    'runs the periodic cycle as a kernel job when configured',
    async () => {
      const app = await createTestApp({ telemetry: { cycleEveryMs: 100 } });
      try {
        const job = () =>
          app.app
            .get(BackgroundJobs)
            .list()
            .find((j) => j.name === CYCLE_JOB);
        expect(job()).toMatchObject({ everyMs: 100 });
        await new Promise((r) => setTimeout(r, 1500));
        expect(job()!.runs).toBeGreaterThanOrEqual(1);
        const metrics = (await app.request({ method: 'GET', url: '/metrics' })).body;
        expect(metrics).toMatch(/system_memory_percent\{scope="system"\} \d/);
      } finally {
        await app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
