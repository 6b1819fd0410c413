import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';

/** What an enhancement of one agent came to. */
export const ENHANCEMENT_RESULTS = [
  'promoted',
  'candidate',
  'insufficient_data',
  'unchanged',
  'budget_exceeded',
  'dry_run',
] as const;
export type EnhancementResult = (typeof ENHANCEMENT_RESULTS)[number];

/** `training_agents_enhanced_total{result}`: enhancements per agent by what they came to. */
@Injectable()
export class TrainingMetrics {
  private readonly enhanced: Counter<'result'>;

  constructor(registry: MetricsRegistry) {
    this.enhanced = new Counter({
      name: registry.name('training_agents_enhanced_total'),
      help: 'Agent enhancements, by result (promoted, candidate, insufficient_data, unchanged, budget_exceeded, dry_run)',
      labelNames: ['result'],
      registers: [registry],
    });
  }

  enhancedAgent(result: EnhancementResult): void {
    this.enhanced.inc({ result });
  }
}
