export const MetricType = {
  Counter: 'counter',
  Gauge: 'gauge',
  Histogram: 'histogram',
  Timer: 'timer',
  Distribution: 'distribution',
} as const;
export type MetricType = (typeof MetricType)[keyof typeof MetricType];

export const MetricScope = {
  System: 'system',
  Application: 'application',
  Business: 'business',
  User: 'user',
  Infrastructure: 'infrastructure',
} as const;
export type MetricScope = (typeof MetricScope)[keyof typeof MetricScope];

export interface MetricPoint {
  readonly name: string;
  readonly value: number;
  readonly type: MetricType;
  readonly scope: MetricScope;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly at: number;
}

export interface MetricAggregate {
  readonly name: string;
  readonly scope: MetricScope;
  readonly tags: Readonly<Record<string, string>>;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastAt: number;
  /** Whatever the owner attaches to the series (the telemetry service keeps its Prometheus cell here). */
  attachment?: unknown;
}

export interface MetricsSummary {
  readonly totalMetrics: number;
  readonly windowMs: number;
  readonly scopes: Record<string, number>;
  readonly types: Record<string, number>;
  /** At most 10 names by count, ties in first-seen order. */
  readonly topMetrics: Record<string, number>;
}

/**
 * The newest `capacity` metric points (the oldest dropped) plus lifetime aggregates per name + scope + tags. The
 * aggregates are bounded: past `maxSeries` distinct series, new ones are counted in `droppedSeries` only.
 */
export class MetricBuffer {
  private readonly ring: (MetricPoint | undefined)[];
  private head = 0;
  private count = 0;
  private readonly aggregates = new Map<string, MetricAggregate>();
  droppedSeries = 0;

  constructor(
    readonly capacity = 10_000,
    private readonly maxSeries = 10_000,
  ) {
    this.ring = new Array<MetricPoint | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Fill ratio, 0–1. */
  get usage(): number {
    return this.count / this.capacity;
  }

  /** Stores the point and returns its series' aggregate (undefined when the series bound was reached). */
  record(point: MetricPoint): MetricAggregate | undefined {
    const i = (this.head + this.count) % this.capacity;
    this.ring[i] = point;
    if (this.count < this.capacity) this.count++;
    else this.head = (this.head + 1) % this.capacity;
    return this.aggregate(point);
  }

  /** Points oldest first; with `last`, only the newest `last`. */
  points(last = this.count): MetricPoint[] {
    const n = Math.min(last, this.count);
    const out = new Array<MetricPoint>(n);
    for (let k = 0; k < n; k++) out[k] = this.ring[(this.head + this.count - n + k) % this.capacity]!;
    return out;
  }

  private aggregate(point: MetricPoint): MetricAggregate | undefined {
    const key = seriesKey(point.name, point.scope, point.tags);
    let a = this.aggregates.get(key);
    if (!a) {
      if (this.aggregates.size >= this.maxSeries) {
        this.droppedSeries++;
        return undefined;
      }
      a = {
        name: point.name,
        scope: point.scope,
        tags: point.tags,
        count: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
        last: 0,
        lastAt: 0,
      };
      this.aggregates.set(key, a);
    }
    a.count++;
    a.sum += point.value;
    if (point.value < a.min) a.min = point.value;
    if (point.value > a.max) a.max = point.value;
    a.last = point.value;
    a.lastAt = point.at;
    return a;
  }

  series(): MetricAggregate[] {
    return [...this.aggregates.values()].map(({ attachment: _, ...a }) => a);
  }

  /** Points newer than `now − windowMs` (optionally of one scope), counted by scope, type and name. */
  summary(now: number, windowMs: number, scope?: MetricScope): MetricsSummary {
    const scopes: Record<string, number> = {};
    const types: Record<string, number> = {};
    const names = new Map<string, number>();
    let total = 0;
    for (const p of this.points()) {
      if (p.at <= now - windowMs || (scope && p.scope !== scope)) continue;
      total++;
      scopes[p.scope] = (scopes[p.scope] ?? 0) + 1;
      types[p.type] = (types[p.type] ?? 0) + 1;
      names.set(p.name, (names.get(p.name) ?? 0) + 1);
    }
    // Array.prototype.sort is stable: ties keep first-seen order.
    const top = [...names.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    return { totalMetrics: total, windowMs, scopes, types, topMetrics: Object.fromEntries(top) };
  }
}

const tagKeys = new WeakMap<object, string>();

/** The identity of a series: name, scope and tags in key order (a tags object's part is computed once). */
export function seriesKey(name: string, scope: string, tags: Readonly<Record<string, string>>): string {
  let part = tagKeys.get(tags);
  if (part === undefined) {
    part = Object.keys(tags)
      .sort()
      .map((k) => `${k}=${tags[k]}`)
      .join(',');
    tagKeys.set(tags, part);
  }
  return `${name}|${scope}|${part}`;
}
