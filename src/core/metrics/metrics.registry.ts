import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsConfig } from '../config/kernel.config';

/**
 * The Prometheus registry of this application (one per app, not prom-client's global one, so that several
 * apps in one process, as in tests, do not collide). Other modules inject it to add their own metrics.
 */
export class MetricsRegistry extends Registry {
  constructor(readonly prefix: string) {
    super();
  }

  static create(config: MetricsConfig): MetricsRegistry {
    const registry = new MetricsRegistry(config.prefix);
    if (config.defaultMetrics) {
      collectDefaultMetrics({ register: registry, prefix: config.prefix });
      // prom-client names three gauges `…_total`, which `promtool check metrics` rejects (that suffix is for
      // counters); their per-type siblings (`nodejs_active_handles{type}` …) carry the same numbers.
      for (const name of [
        'nodejs_active_handles_total',
        'nodejs_active_requests_total',
        'nodejs_active_resources_total',
      ])
        registry.removeSingleMetric(`${config.prefix}${name}`);
    }
    return registry;
  }

  /** `name` with the configured prefix. */
  name(name: string): string {
    return `${this.prefix}${name}`;
  }
}
