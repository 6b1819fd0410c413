import { Injectable, Logger } from '@nestjs/common';
import {
  HotCounter,
  HotGauge,
  HotHistogram,
  type CounterCell,
  type HistogramCell,
} from '../../core/metrics/hot-path.metrics';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import type { MetricPoint } from './metric-buffer';

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

type Family =
  | { kind: 'gauge'; metric: HotGauge }
  | { kind: 'counter'; metric: HotCounter }
  | { kind: 'histogram'; metric: HotHistogram; seconds: boolean };

/** Where one series' value goes: a plain cell, updated without hashing labels. */
export type MirrorCell =
  { kind: 'gauge' | 'counter'; cell: CounterCell } | { kind: 'histogram'; cell: HistogramCell; seconds: boolean };

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Mirrors telemetry points into the app's Prometheus registry under {@link exportedName}: gauges are set,
 * counters increased, timers (in seconds), histograms and distributions observed, labelled `scope` plus the
 * point's tags. Families are hot-path metrics (plain cells read at scrape time); the caller keeps each series'
 * cell, so mirroring a point is a number update. At most `maxFamilies` names; a name that collides with another
 * metric is skipped — both counted in `skipped`.
 */
@Injectable()
export class PromMirror {
  private readonly logger = new Logger(PromMirror.name);
  private readonly families = new Map<string, Family | null>();
  skipped = 0;

  constructor(
    private readonly registry: MetricsRegistry,
    private readonly maxFamilies = 500,
  ) {}

  /** The cell of a new series, or undefined when its family cannot be mirrored. */
  cellFor(point: MetricPoint): MirrorCell | undefined {
    const family = this.familyFor(point);
    if (!family) {
      this.skipped++;
      return undefined;
    }
    const labels: Record<string, string> = { scope: point.scope };
    for (const [k, v] of Object.entries(point.tags)) labels[promName(k)] = v;
    if (family.kind === 'histogram')
      return { kind: 'histogram', cell: family.metric.cell(labels), seconds: family.seconds };
    return { kind: family.kind, cell: family.metric.cell(labels) };
  }

  /** Applies one point to its series' cell. */
  static apply(cell: MirrorCell, value: number): void {
    if (cell.kind === 'histogram') cell.cell.observe(cell.seconds ? value / 1000 : value);
    else if (cell.kind === 'gauge') cell.cell.value = value;
    else cell.cell.value += Math.max(0, value);
  }

  private familyFor(point: MetricPoint): Family | undefined {
    const name = this.registry.name(exportedName(point.name, point.type));
    const known = this.families.get(name);
    if (known !== undefined) return known ?? undefined;
    if (this.families.size >= this.maxFamilies) return undefined;
    const help = `Telemetry point ${point.name}`;
    try {
      const family: Family =
        point.type === 'gauge'
          ? { kind: 'gauge', metric: new HotGauge(name, help, this.registry) }
          : point.type === 'counter'
            ? { kind: 'counter', metric: new HotCounter(name, help, this.registry) }
            : {
                kind: 'histogram',
                metric: new HotHistogram(name, help, BUCKETS, this.registry),
                seconds: point.type === 'timer',
              };
      this.families.set(name, family);
      return family;
    } catch (e) {
      this.logger.warn({ event: 'telemetry_metric_not_mirrored', metric: name, err: (e as Error).message });
      this.families.set(name, null);
      return undefined;
    }
  }
}
