import type { Registry } from 'prom-client';

type Labels = Readonly<Record<string, string>>;

/** Cells by label set, created on first use; what both hot-path metrics share. */
class LabelledCells<C> {
  private readonly byKey = new Map<string, { labels: Labels; cell: C }>();

  constructor(private readonly create: () => C) {}

  get(labels: Labels): C {
    const key = JSON.stringify(labels);
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, cell: this.create() };
      this.byKey.set(key, entry);
    }
    return entry.cell;
  }

  entries(): IterableIterator<{ labels: Labels; cell: C }> {
    return this.byKey.values();
  }
}

/** A counter cell: add to `value` directly. */
export interface CounterCell {
  value: number;
}

/** A labelled metric of single values (counter or gauge) read at scrape time; see {@link HotCounter}. */
abstract class HotValueMetric {
  abstract readonly type: 'counter' | 'gauge';
  readonly aggregator = 'sum';
  private readonly cells = new LabelledCells<CounterCell>(() => ({ value: 0 }));

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The cell of one label set (created at 0). */
  cell(labels: Labels): CounterCell {
    return this.cells.get(labels);
  }

  async get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: [...this.cells.entries()].map((e) => ({ labels: e.labels, value: e.cell.value })),
    };
  }

  reset(): void {
    for (const e of this.cells.entries()) e.cell.value = 0;
  }
}

/**
 * A labelled counter for hot paths: callers keep a cell per label set and add to it (a plain number), and the
 * registry reads the cells at scrape time. prom-client's own `inc()` hashes and validates the labels on every
 * call, ~0.5–1 µs here, which dominated a resilient call on an async no-op.
 */
export class HotCounter extends HotValueMetric {
  readonly type = 'counter';
}

/** A labelled gauge for hot paths: set `cell.value`. */
export class HotGauge extends HotValueMetric {
  readonly type = 'gauge';
}

/** A histogram cell: call `observe`. */
export class HistogramCell {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly buckets: readonly number[]) {
    this.counts = new Float64Array(buckets.length);
  }

  observe(value: number): void {
    this.sum += value;
    this.count++;
    const b = this.buckets;
    for (let i = 0; i < b.length; i++) {
      if (value <= b[i]) {
        this.counts[i]++;
        return;
      }
    }
  }
}

/** A labelled histogram for hot paths, read by the registry at scrape time (see {@link HotCounter}). */
export class HotHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly cells: LabelledCells<HistogramCell>;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    this.cells = new LabelledCells(() => new HistogramCell(buckets));
    registry.registerMetric(this as never);
  }

  cell(labels: Labels): HistogramCell {
    return this.cells.get(labels);
  }

  async get() {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    for (const { labels, cell } of this.cells.entries()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += cell.counts[i];
        values.push({ labels: { le, ...labels }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...labels }, value: cell.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: cell.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: cell.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    for (const { cell } of this.cells.entries()) {
      cell.counts.fill(0);
      cell.sum = 0;
      cell.count = 0;
    }
  }
}
