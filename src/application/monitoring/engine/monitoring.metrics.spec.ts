import { metricValue, testMetrics } from '../../../../test/fixtures/monitoring-engine';
import { MonitoringMetrics } from './monitoring.metrics';

describe(MonitoringMetrics.name, () => {
  describe('checked', () => {
    it('counts checks by status, entries listed, errors by kind, 304s, duration and the last check time', async () => {
      const { metrics: sut, registry } = testMetrics();

      sut.checked('youtube', 'ok', 1_700_000_000_000, 250, { listed: 15, errorKind: null });
      sut.checked('youtube', 'not_modified', 1_700_000_060_000, 20, { listed: 0, errorKind: null });
      sut.checked('youtube', 'error', 1_700_000_120_000, 40, { listed: 0, errorKind: 'rate_limited' });
      sut.itemsFound('youtube', 3);
      sut.itemsFound('youtube', 0);
      sut.runStarted('youtube');

      const youtube = { platform: 'youtube' };
      expect(await metricValue(registry, 'monitoring_checks_total', { ...youtube, status: 'ok' })).toBe(1);
      expect(await metricValue(registry, 'monitoring_checks_total', { ...youtube, status: 'not_modified' })).toBe(1);
      expect(await metricValue(registry, 'monitoring_checks_total', { ...youtube, status: 'error' })).toBe(1);
      expect(await metricValue(registry, 'monitoring_content_found_total', youtube)).toBe(15);
      expect(await metricValue(registry, 'monitoring_errors_total', { ...youtube, kind: 'rate_limited' })).toBe(1);
      expect(await metricValue(registry, 'monitoring_http_not_modified_total', youtube)).toBe(1);
      expect(await metricValue(registry, 'monitoring_last_check_timestamp', youtube)).toBe(1_700_000_120);
      expect(await metricValue(registry, 'monitoring_items_new_total', youtube)).toBe(3);
      expect(await metricValue(registry, 'monitoring_runs_started_total', youtube)).toBe(1);
      const text = await registry.getSingleMetricAsString('monitoring_check_duration_seconds');
      expect(text).toContain('monitoring_check_duration_seconds_sum{platform="youtube"} 0.31');
      expect(text).toContain('monitoring_check_duration_seconds_count{platform="youtube"} 3');
    });
  });
});
