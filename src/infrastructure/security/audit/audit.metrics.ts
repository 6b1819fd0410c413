import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { HotCounter, type CounterCell } from '../../../core/metrics/hot-path.metrics';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import { AuditDecision } from '../../../core/ports/audit-log.port';
import { AuditConfig } from './audit.config';

const DECISIONS = new Set<string>(Object.values(AuditDecision));

/**
 * `audit_events_total{action,decision}` (events accepted by `record`), `audit_events_dropped_total`,
 * `audit_write_failures_total` (batches the database refused; they are retried), `audit_checkpoints_total` and
 * `audit_buffered_events` (accepted, not yet stored). Callers name actions, so that label is bounded: past
 * `audit.maxActionLabels` distinct actions, new ones are counted as `other`; a decision outside the port's set
 * is counted as `other` too.
 */
@Injectable()
export class AuditMetrics {
  private readonly events: HotCounter;
  private readonly cells = new Map<string, CounterCell>();
  private readonly actions = new Set<string>();
  private readonly droppedTotal: Counter;
  private readonly writeFailures: Counter;
  private readonly checkpointsTotal: Counter;
  private buffered: () => number = () => 0;

  constructor(
    registry: MetricsRegistry,
    private readonly config: AuditConfig,
  ) {
    const registers = [registry];
    this.events = new HotCounter(
      registry.name('audit_events_total'),
      'Audit events recorded, by action and decision',
      registry,
    );
    this.droppedTotal = new Counter({
      name: registry.name('audit_events_dropped_total'),
      help: 'Audit events refused because the buffer was full (the log records how many, in order)',
      registers,
    });
    this.writeFailures = new Counter({
      name: registry.name('audit_write_failures_total'),
      help: 'Audit batches the database refused (kept and retried)',
      registers,
    });
    this.checkpointsTotal = new Counter({
      name: registry.name('audit_checkpoints_total'),
      help: 'Signed audit checkpoints written',
      registers,
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const metrics = this;
    new Gauge({
      name: registry.name('audit_buffered_events'),
      help: 'Audit events accepted and not yet stored',
      registers,
      collect() {
        this.set(metrics.buffered());
      },
    });
  }

  /** Where `audit_buffered_events` reads from (the service, at construction). */
  bind(buffered: () => number): void {
    this.buffered = buffered;
  }

  recorded(action: string, decision: string): void {
    const key = `${action}\n${decision}`;
    let cell = this.cells.get(key);
    if (!cell) {
      const a = this.actions.has(action) || this.actions.size < this.config.maxActionLabels ? action : 'other';
      if (a !== 'other') this.actions.add(action);
      const d = DECISIONS.has(decision) ? decision : 'other';
      cell = this.events.cell({ action: a, decision: d });
      // Only bounded keys are cached: the rest share `other` cells without growing the map.
      if (a !== 'other' && d !== 'other') this.cells.set(key, cell);
    }
    cell.value++;
  }

  dropped(): void {
    this.droppedTotal.inc();
  }

  writeFailed(): void {
    this.writeFailures.inc();
  }

  checkpointWritten(): void {
    this.checkpointsTotal.inc();
  }
}
