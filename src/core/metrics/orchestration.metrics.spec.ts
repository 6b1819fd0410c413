import { MetricsConfig } from '../config/kernel.config';
import { MetricsRegistry } from './metrics.registry';
import { OrchestrationMetrics } from './orchestration.metrics';

describe(OrchestrationMetrics.name, () => {
  describe('record', () => {
    it('counts each orchestrator and layer pair apart, also when one name is seen with two layers', async () => {
      const registry = MetricsRegistry.create(Object.assign(new MetricsConfig(), { defaultMetrics: false }));
      const sut = new OrchestrationMetrics(registry);
      sut.record('echo', 'domain', 'ok', 0.001);
      sut.record('echo', 'domain', 'ok', 0.001);
      sut.record('echo', 'application', 'error', 0.002);
      sut.record('echo', 'domain', 'skipped', 0.001);
      const total = (await registry.getSingleMetric('orchestrations_total')!.get()).values.filter((v) => v.value > 0);
      expect(total.map((v) => [v.labels.layer, v.labels.status, v.value]).sort()).toEqual([
        ['application', 'error', 1],
        ['domain', 'ok', 2],
        ['domain', 'skipped', 1],
      ]);
    });
  });
});
