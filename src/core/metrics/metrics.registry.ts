import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsConfig } from '../config/app-config';

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
    if (config.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: config.prefix });
    return registry;
  }

  /** `name` with the configured prefix. */
  name(name: string): string {
    return `${this.prefix}${name}`;
  }
}
