import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';

/** The interaction log's Prometheus metrics (no labels: tenants and agents are ids, never labels). */
@Injectable()
export class InteractionsMetrics {
  private readonly writtenTotal: Counter;
  private readonly failedTotal: Counter;
  private readonly droppedTotal: Counter;
  private readonly purgedTotal: Counter;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.writtenTotal = new Counter({
      name: registry.name('interactions_written_total'),
      help: 'Interactions written to the interaction log',
      registers,
    });
    this.failedTotal = new Counter({
      name: registry.name('interactions_failed_total'),
      help: 'Interactions lost because the batch holding them failed to be written',
      registers,
    });
    this.droppedTotal = new Counter({
      name: registry.name('interactions_dropped_total'),
      help: 'Interactions dropped because too many were waiting to be written',
      registers,
    });
    this.purgedTotal = new Counter({
      name: registry.name('interactions_purged_total'),
      help: 'Interactions deleted by the retention job',
      registers,
    });
  }

  written(n: number): void {
    this.writtenTotal.inc(n);
  }

  failed(n: number): void {
    this.failedTotal.inc(n);
  }

  dropped(): void {
    this.droppedTotal.inc();
  }

  purged(n: number): void {
    this.purgedTotal.inc(n);
  }
}
