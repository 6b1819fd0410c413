import { spawnSync } from 'node:child_process';
import { TelemetryService } from '../../src/infrastructure/telemetry/telemetry.service';
import { BOOT_TIMEOUT_MS } from '../fixtures/boot';
import { createTestApp } from '../fixtures/test-app';

/** `/metrics` passes `promtool check metrics` (Debian package `prometheus`; `.ci/run` installs it). */
describe('/metrics and promtool (e2e)', () => {
  it(
    'passes promtool check metrics with every metric family populated',
    async () => {
      const promtool = spawnSync('promtool', ['--version']);
      if (promtool.error)
        throw new Error('promtool not found: install the Debian package "prometheus" (apt-get install prometheus)');
      const app = await createTestApp({ metrics: { defaultMetrics: true } });
      try {
        await app.request({ method: 'POST', url: '/orchestrators/echo/orchestrate', payload: { input: {} } });
        await app.request({
          method: 'POST',
          url: '/orchestrators/telemetry/orchestrate',
          payload: { input: { operation: 'alert_summary' } },
        });
        await app.request({ method: 'POST', url: '/resilience/breakers/llm/open' });
        const telemetry = app.app.get(TelemetryService);
        telemetry.record('jobs.done', 2, 'counter', 'business', { queue: 'mail' });
        telemetry.record('render.ms', 12, 'timer');
        const body = (await app.request({ method: 'GET', url: '/metrics' })).body;
        expect(body).toContain('circuit_breaker_state{circuit="llm"} 1');
        expect(body).toContain('jobs_done_total{scope="business",queue="mail"} 2');
        const check = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
        expect({ status: check.status, output: `${check.stdout}${check.stderr}` }).toEqual({ status: 0, output: '' });
      } finally {
        await app.close();
      }
    },
    BOOT_TIMEOUT_MS,
  );
});
