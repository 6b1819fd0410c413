import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { MetricPoint } from './metric-buffer';

type Instrument = { kind: 'gauge'; metric: Gauge<string> } | { kind: 'counter'; metric: Counter<string> } | { kind: 'histogram'; metric: Histogram<string> };

/** A metric point name as a Prometheus name: dots (and anything else not allowed) become underscores. */
export function promName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_:]/g, '_');
  return /^[a-zA-Z_:]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/**
 * The exported name of a point, following Prometheus conventions `promtool` checks: counters end in `_total`,
 * timers (milliseconds) are exported in seconds as `<name without _ms>_seconds`.
 */
export function exportedName(name: string, type: MetricPoint['type']): string {
  const base = promName(name);
  if (type === 'counter') return base.endsWith('_total') ? base : `${base}_total`;
  if (type === 'timer') return `${base.replace(/_(ms|millis|milliseconds)$/, '')}_seconds`;
  return base;
}

/**
 * Mirrors telemetry points into the app's Prometheus registry under {@link exportedName}: gauges are set,
 * counters increased, timers (in seconds), histograms and distributions observed. Labels are `scope` plus the tag keys of the first point of a name
 * (later points' other tags are dropped). At most `maxMetrics` names; a name that collides with another metric is
 * skipped — both counted in `skipped`.
 */
@Injectable()
export class PromMirror {
  private readonly logger = new Logger(PromMirror.name);
  private readonly instruments = new Map<string, { instrument: Instrument; labelNames: string[] } | null>();
  skipped = 0;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly maxMetrics = 500,
  ) {}

  mirror(point: MetricPoint): void {
    const entry = this.instrumentFor(point);
    if (!entry) {
      this.skipped++;
      return;
    }
    const labels: Record<string, string> = { scope: point.scope };
    for (const key of entry.labelNames) if (key !== 'scope') labels[key] = point.tags[key] ?? '';
    const { instrument } = entry;
    if (instrument.kind === 'gauge') instrument.metric.set(labels, point.value);
    else if (instrument.kind === 'counter') instrument.metric.inc(labels, Math.max(0, point.value));
    else instrument.metric.observe(labels, point.type === 'timer' ? point.value / 1000 : point.value);
  }

  private instrumentFor(point: MetricPoint) {
    const name = this.registry.name(exportedName(point.name, point.type));
    if (this.instruments.has(name)) return this.instruments.get(name) ?? undefined;
    if (this.instruments.size >= this.maxMetrics) return undefined;
    const labelNames = ['scope', ...Object.keys(point.tags).map(promName).sort()];
    const common = { name, help: `Telemetry point ${point.name}`, labelNames, registers: [this.registry] };
    try {
      const instrument: Instrument =
        point.type === 'gauge'
          ? { kind: 'gauge', metric: new Gauge(common) }
          : point.type === 'counter'
            ? { kind: 'counter', metric: new Counter(common) }
            : { kind: 'histogram', metric: new Histogram(common) };
      const entry = { instrument, labelNames };
      this.instruments.set(name, entry);
      return entry;
    } catch (e) {
      this.logger.warn({ event: 'telemetry_metric_not_mirrored', metric: name, err: (e as Error).message });
      this.instruments.set(name, null);
      return undefined;
    }
  }
}
