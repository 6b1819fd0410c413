import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { DomainDefinition } from './bandit-domains';

/** Label value of every runtime domain: tenants name those, and their names stay out of the process's metrics. */
export const RUNTIME_DOMAIN_LABEL = 'runtime';

/** The `domain` label of a domain: a configured domain's name, or {@link RUNTIME_DOMAIN_LABEL}. */
export function metricDomain(domain: DomainDefinition): string {
  return domain.runtime ? RUNTIME_DOMAIN_LABEL : domain.name;
}

/**
 * `bandit_decisions_total{domain,algorithm}`, `bandit_reward{domain,algorithm}` (histogram, 0.1 buckets),
 * `bandit_feedback_unmatched_total` and `bandit_tree_nodes{domain}` (the offset tree last updated). Process-level,
 * summed over tenants: the domain label is a configured domain's name or `runtime` ({@link metricDomain}), so it is
 * bounded by the configuration and carries no name a tenant chose.
 */
@Injectable()
export class BanditsMetrics {
  readonly decisions: Counter<'domain' | 'algorithm'>;
  readonly reward: Histogram<'domain' | 'algorithm'>;
  readonly unmatched: Counter;
  readonly treeNodes: Gauge<'domain'>;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    this.decisions = new Counter({
      name: registry.name('bandit_decisions_total'),
      help: 'Bandit decisions made',
      labelNames: ['domain', 'algorithm'],
      registers,
    });
    this.reward = new Histogram({
      name: registry.name('bandit_reward'),
      help: 'Rewards fed back to bandit decisions',
      labelNames: ['domain', 'algorithm'],
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    });
    this.unmatched = new Counter({
      name: registry.name('bandit_feedback_unmatched_total'),
      help: 'Bandit feedback whose decision was unknown, expired or already answered',
      registers,
    });
    this.treeNodes = new Gauge({
      name: registry.name('bandit_tree_nodes'),
      help: 'Nodes of the largest offset tree of each domain',
      labelNames: ['domain'],
      registers,
    });
  }
}
