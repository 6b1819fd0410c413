import { Counter, Histogram } from 'prom-client';
import type { StepStatus } from '../result/step-result';
import type { MetricsRegistry } from './metrics.registry';

type Children = {
  readonly counters: Record<StepStatus, Counter.Internal>;
  readonly duration: Histogram.Internal<'orchestrator' | 'layer'>;
  readonly layer: string;
};

/**
 * `orchestrations_total{orchestrator,layer,status}` and `orchestration_duration_seconds{orchestrator,layer}`.
 * Label children are cached per orchestrator so a call costs two hash-free updates.
 */
export class OrchestrationMetrics {
  private readonly total: Counter<'orchestrator' | 'layer' | 'status'>;
  private readonly duration: Histogram<'orchestrator' | 'layer'>;
  private readonly children = new Map<string, Children>();

  constructor(registry: MetricsRegistry) {
    this.total = new Counter({
      name: registry.name('orchestrations_total'),
      help: 'Orchestrations run through the facade, by outcome',
      labelNames: ['orchestrator', 'layer', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: registry.name('orchestration_duration_seconds'),
      help: 'Duration of orchestrations run through the facade',
      labelNames: ['orchestrator', 'layer'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      registers: [registry],
    });
  }

  record(orchestrator: string, layer: string, status: StepStatus, seconds: number): void {
    // Keyed by name, so the usual call builds no key string; a name seen with a second layer gets its own entry.
    let c = this.children.get(orchestrator);
    if (c?.layer !== layer) c = this.childrenFor(orchestrator, layer);
    c.counters[status].inc();
    c.duration.observe(seconds);
  }

  private childrenFor(orchestrator: string, layer: string): Children {
    const key = this.children.has(orchestrator) ? `${layer}\u0000${orchestrator}` : orchestrator;
    let c = this.children.get(key);
    if (!c) {
      c = {
        counters: {
          ok: this.total.labels(orchestrator, layer, 'ok'),
          skipped: this.total.labels(orchestrator, layer, 'skipped'),
          uncertain: this.total.labels(orchestrator, layer, 'uncertain'),
          error: this.total.labels(orchestrator, layer, 'error'),
        },
        duration: this.duration.labels(orchestrator, layer),
        layer,
      };
      this.children.set(key, c);
    }
    return c;
  }
}
