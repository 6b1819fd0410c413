import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { HotCounter, HotHistogram, type CounterCell, type HistogramCell } from '../../core/metrics/hot-path.metrics';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { BreakerState } from './circuit-breaker';
import { ResilienceConfig } from './resilience.config';

/** Outcome label of `resilience_requests_total`. */
export type ResilienceOutcome = 'success' | 'degraded' | 'failure' | 'timeout' | 'rejected';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 0.5, open: 1 };

/** One service's per-call metric cells, looked up once and kept by the caller (see `ServiceRegistry.lane`). */
export interface ServiceInstruments {
  readonly outcomes: Record<ResilienceOutcome, CounterCell>;
  readonly latency: HistogramCell;
}

/**
 * `resilience_requests_total{service,outcome}`, `resilience_latency_seconds{service}`,
 * `circuit_breaker_state{circuit}` (0 closed, 0.5 half-open, 1 open) and
 * `circuit_breaker_transitions_total{circuit,to}`. Callers name services, so the label set is bounded: past
 * `resilience.maxServiceLabels` distinct names, new ones are counted as `other`.
 */
@Injectable()
export class ResilienceMetrics {
  private readonly requests: HotCounter;
  private readonly latency: HotHistogram;
  private readonly state: Gauge<'circuit'>;
  private readonly transitions: Counter<'circuit' | 'to'>;
  private readonly instruments = new Map<string, ServiceInstruments>();
  private readonly maxLabels: number;

  constructor(registry: MetricsRegistry, config: ResilienceConfig) {
    this.maxLabels = config.maxServiceLabels;
    const registers = [registry];
    // Per-call instruments are hot-path cells (plain numbers read at scrape time); see HotCounter.
    this.requests = new HotCounter(
      registry.name('resilience_requests_total'),
      'Resilient executions by service and outcome',
      registry,
    );
    this.latency = new HotHistogram(
      registry.name('resilience_latency_seconds'),
      'Wall time of resilient executions (retries and backoff included)',
      [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registry,
    );
    this.state = new Gauge({
      name: registry.name('circuit_breaker_state'),
      help: 'Circuit breaker state: 0 closed, 0.5 half-open, 1 open',
      labelNames: ['circuit'],
      registers,
    });
    this.transitions = new Counter({
      name: registry.name('circuit_breaker_transitions_total'),
      help: 'Circuit breaker state changes',
      labelNames: ['circuit', 'to'],
      registers,
    });
  }

  /** The label a service is counted under. */
  label(service: string): string {
    return this.instruments.has(service) || this.instruments.size < this.maxLabels ? service : 'other';
  }

  record(service: string, outcome: ResilienceOutcome, seconds: number): void {
    this.recordIn(this.cellsOf(service), outcome, seconds);
  }

  /** The cells `service` is counted in (its own, or `other` past the label bound). */
  cellsOf(service: string): ServiceInstruments {
    return this.instruments.get(service) ?? this.for(this.label(service));
  }

  /** `record` for a caller that keeps the service's cells. */
  recordIn(cells: ServiceInstruments, outcome: ResilienceOutcome, seconds: number): void {
    cells.outcomes[outcome].value++;
    cells.latency.observe(seconds);
  }

  breakerState(circuit: string, state: BreakerState): void {
    this.state.set({ circuit: this.label(circuit) }, STATE_VALUE[state]);
  }

  breakerTransition(circuit: string, to: BreakerState): void {
    this.transitions.inc({ circuit: this.label(circuit), to });
    this.breakerState(circuit, to);
  }

  private for(label: string): ServiceInstruments {
    let i = this.instruments.get(label);
    if (!i) {
      const outcome = (o: ResilienceOutcome) => this.requests.cell({ service: label, outcome: o });
      i = {
        outcomes: {
          success: outcome('success'),
          degraded: outcome('degraded'),
          failure: outcome('failure'),
          timeout: outcome('timeout'),
          rejected: outcome('rejected'),
        },
        latency: this.latency.cell({ service: label }),
      };
      this.instruments.set(label, i);
    }
    return i;
  }
}
