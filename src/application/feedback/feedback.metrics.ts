import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { HotCounter, type CounterCell } from '../../core/metrics/hot-path.metrics';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import {
  COMPONENT_TYPES,
  FEEDBACK_SOURCES,
  type ComponentType,
  type FeedbackSource,
} from '../../core/ports/feedback.port';

/** Outcome label of `feedback_signals_submitted_total`. */
export type SubmitOutcome = 'accepted' | 'duplicate' | 'disabled' | 'refused';
const OUTCOMES: readonly SubmitOutcome[] = ['accepted', 'duplicate', 'disabled', 'refused'];

type PerType<T> = Record<ComponentType, T>;

/** What the gauges read at scrape time. */
export interface FeedbackGaugeSource {
  queueDepth(type: ComponentType): number;
  disabledCount(type: ComponentType): number;
  deadLetterCount(): number;
}

function perType<T>(make: (t: ComponentType) => T): PerType<T> {
  return Object.fromEntries(COMPONENT_TYPES.map((t) => [t, make(t)])) as PerType<T>;
}

/**
 * The hub's Prometheus metrics. Labels are only the enumerations (source, component type, outcome) — per-id
 * health stays out of labels and is served by `GET /feedback/health`. Per-signal counters are hot-path cells.
 */
@Injectable()
export class FeedbackMetrics {
  private readonly submitted: Record<FeedbackSource, PerType<Record<SubmitOutcome, CounterCell>>>;
  private readonly processedCells: PerType<CounterCell>;
  private readonly droppedCells: PerType<CounterCell>;
  private readonly sinkFailureCells: PerType<CounterCell>;
  private readonly consolidations: Counter;
  private readonly healthChecks: Counter;
  private source?: FeedbackGaugeSource;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    const submitted = new HotCounter(
      registry.name('feedback_signals_submitted_total'),
      'Feedback signals submitted, by source, component type and outcome',
      registry,
    );
    this.submitted = Object.fromEntries(
      FEEDBACK_SOURCES.map((source) => [
        source,
        perType((t) =>
          Object.fromEntries(OUTCOMES.map((o) => [o, submitted.cell({ source, component_type: t, outcome: o })])),
        ),
      ]),
    ) as typeof this.submitted;
    const processed = new HotCounter(
      registry.name('feedback_signals_processed_total'),
      'Feedback signals handed to their sink',
      registry,
    );
    const dropped = new HotCounter(
      registry.name('feedback_dropped_total'),
      'Feedback signals evicted from a full queue (oldest first)',
      registry,
    );
    const failures = new HotCounter(
      registry.name('feedback_sink_failures_total'),
      'Feedback signals whose sink failed (kept in the dead-letter list)',
      registry,
    );
    this.processedCells = perType((t) => processed.cell({ component_type: t }));
    this.droppedCells = perType((t) => dropped.cell({ component_type: t }));
    this.sinkFailureCells = perType((t) => failures.cell({ component_type: t }));
    this.consolidations = new Counter({
      name: registry.name('feedback_consolidations_total'),
      help: 'Memory consolidations run',
      registers,
    });
    this.healthChecks = new Counter({
      name: registry.name('feedback_health_checks_total'),
      help: 'Component health checks run',
      registers,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const metrics = this;
    const read = (fn: (s: FeedbackGaugeSource, t: ComponentType) => number) =>
      function (this: Gauge<'component_type'>) {
        const src = metrics.source;
        if (src) for (const t of COMPONENT_TYPES) this.set({ component_type: t }, fn(src, t));
      };
    new Gauge({
      name: registry.name('feedback_queue_depth'),
      help: 'Signals waiting per component type',
      labelNames: ['component_type'],
      registers,
      collect: read((s, t) => s.queueDepth(t)),
    });
    new Gauge({
      name: registry.name('feedback_components_disabled'),
      help: 'Components disabled or on probation, per type',
      labelNames: ['component_type'],
      registers,
      collect: read((s, t) => s.disabledCount(t)),
    });
    new Gauge({
      name: registry.name('feedback_dead_letters'),
      help: 'Signals in the dead-letter list',
      registers,
      collect() {
        if (metrics.source) this.set(metrics.source.deadLetterCount());
      },
    });
  }

  /** Where the gauges read from (the hub, at construction). */
  bind(source: FeedbackGaugeSource): void {
    this.source = source;
  }

  submittedCell(source: FeedbackSource, type: ComponentType, outcome: SubmitOutcome): CounterCell {
    return this.submitted[source][type][outcome];
  }

  processed(type: ComponentType, n = 1): void {
    this.processedCells[type].value += n;
  }

  dropped(type: ComponentType): void {
    this.droppedCells[type].value++;
  }

  sinkFailed(type: ComponentType): void {
    this.sinkFailureCells[type].value++;
  }

  consolidated(): void {
    this.consolidations.inc();
  }

  healthChecked(): void {
    this.healthChecks.inc();
  }

  droppedCount(type: ComponentType): number {
    return this.droppedCells[type].value;
  }
}
