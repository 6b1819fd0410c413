import type { RaisedAlert } from '../../core/ports/alert-sink.port';
import type { IdGenerator } from '../../core/runtime/id-generator';
import type { MetricPoint } from './metric-buffer';

export const AlertSeverity = { Info: 'info', Warning: 'warning', Error: 'error', Critical: 'critical' } as const;
export type AlertSeverity = (typeof AlertSeverity)[keyof typeof AlertSeverity];

export type AlertAggregate = 'last' | 'mean' | 'max' | 'rate';
export type AlertOperator = '>' | '>=' | '<' | '<=';

/** What a rule looks at: a field of the recent ended spans, or the points of one metric series. */
export type AlertSelector =
  | { readonly source: 'spans'; readonly field: 'error' | 'durationMs' }
  | { readonly source: 'metric'; readonly name: string; readonly tags?: Readonly<Record<string, string>> };

export interface AlertRule {
  readonly id: string;
  readonly title: string;
  readonly severity: AlertSeverity;
  readonly selector: AlertSelector;
  /**
   * `last`, `mean` and `max` of the selected values; `rate` is their sum per second of the window (counters).
   * For spans, `error` values are 1 or 0, so `mean` is the error fraction.
   */
  readonly aggregate: AlertAggregate;
  readonly operator: AlertOperator;
  readonly threshold: number;
  /** The newest `count` values, and/or those of the last `ms`. */
  readonly window: { readonly count?: number; readonly ms?: number };
  /** After firing, the rule does not fire again for this long. Default 15 min. */
  readonly cooldownMs?: number;
  /** An active alert resolves once its condition has been false for this long. Default the window's `ms`, else 5 min. */
  readonly resolveAfterMs?: number;
  readonly enabled?: boolean;
}

/** One ended span as the engine sees it. */
export interface SpanSample {
  readonly durationMs: number;
  readonly error: boolean;
  /** Epoch ms it ended. */
  readonly endedAt: number;
}

export interface Alert {
  readonly id: string;
  readonly ruleId: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  /** The condition with the value that tripped it, e.g. `mean(spans.error) 0.1 > 0.05`. */
  readonly description: string;
  readonly value: number;
  readonly triggeredAt: number;
  /** For an alert raised from outside the rules: its condition's key and the tenant it concerns. */
  readonly key?: string;
  readonly tenantId?: string | null;
  resolvedAt?: number;
  resolvedBy?: 'condition_cleared' | 'manual';
}

export interface Evaluation {
  readonly fired: Alert[];
  readonly resolved: Alert[];
}

const DEFAULT_COOLDOWN_MS = 15 * 60_000;
const DEFAULT_RESOLVE_MS = 5 * 60_000;

/** The defaults: error rate > 5 % over the last 50 spans, mean span latency > 1000 ms, memory > 90 % (a percentage). */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = [
  {
    id: 'high_error_rate',
    title: 'High Error Rate',
    severity: 'error',
    selector: { source: 'spans', field: 'error' },
    aggregate: 'mean',
    operator: '>',
    threshold: 0.05,
    window: { count: 50 },
  },
  {
    id: 'high_latency',
    title: 'High Response Latency',
    severity: 'warning',
    selector: { source: 'spans', field: 'durationMs' },
    aggregate: 'mean',
    operator: '>',
    threshold: 1000,
    window: { count: 50 },
  },
  {
    id: 'memory_pressure',
    title: 'Memory Pressure',
    severity: 'critical',
    selector: { source: 'metric', name: 'system.memory.percent' },
    aggregate: 'last',
    operator: '>',
    threshold: 90,
    window: { ms: 5 * 60_000 },
  },
];

/**
 * Typed alert rules over recent spans and metric points (replacing the original's substring matching): a rule
 * fires when its aggregate crosses the threshold and it is out of cooldown; an active alert resolves by itself
 * once the condition has stayed false for `resolveAfterMs`, or by hand. History keeps the newest 1 000 alerts.
 */
export class AlertEngine {
  private readonly rules = new Map<string, AlertRule>();
  private readonly lastFired = new Map<string, number>();
  private readonly active = new Map<string, Alert>();
  private readonly clearSince = new Map<string, number>();
  private readonly history: Alert[] = [];
  /** Active raised alerts: condition key → alert id. */
  private readonly raised = new Map<string, string>();

  constructor(
    rules: readonly AlertRule[],
    private readonly ids: IdGenerator,
    private readonly historySize = 1000,
  ) {
    for (const rule of rules) this.addRule(rule);
  }

  addRule(rule: AlertRule): void {
    if (this.rules.has(rule.id)) throw new Error(`Alert rule "${rule.id}" is defined twice`);
    if (!rule.window.count && !rule.window.ms)
      throw new Error(`Alert rule "${rule.id}" needs window.count or window.ms`);
    this.rules.set(rule.id, rule);
  }

  ruleIds(): string[] {
    return [...this.rules.keys()];
  }

  activeAlerts(): Alert[] {
    return [...this.active.values()];
  }

  recent(n = 5): Alert[] {
    return this.history.slice(-n);
  }

  evaluate(now: number, spans: readonly SpanSample[], points: readonly MetricPoint[]): Evaluation {
    const fired: Alert[] = [];
    const resolved: Alert[] = [];
    for (const rule of this.rules.values()) {
      if (rule.enabled === false) continue;
      const value = aggregateOf(rule, now, spans, points);
      const holds = value !== undefined && compare(value, rule.operator, rule.threshold);
      const open = [...this.active.values()].find((a) => a.ruleId === rule.id);
      if (holds) {
        this.clearSince.delete(rule.id);
        const last = this.lastFired.get(rule.id);
        if (open || (last !== undefined && now < last + (rule.cooldownMs ?? DEFAULT_COOLDOWN_MS))) continue;
        const alert: Alert = {
          id: `${rule.id}-${this.ids.uuid()}`,
          ruleId: rule.id,
          severity: rule.severity,
          title: rule.title,
          description: `${rule.aggregate}(${describe(rule.selector)}) ${round(value)} ${rule.operator} ${rule.threshold}`,
          value,
          triggeredAt: now,
        };
        this.lastFired.set(rule.id, now);
        this.active.set(alert.id, alert);
        this.remember(alert);
        fired.push(alert);
      } else if (open) {
        const since = this.clearSince.get(rule.id) ?? now;
        this.clearSince.set(rule.id, since);
        if (now - since >= (rule.resolveAfterMs ?? rule.window.ms ?? DEFAULT_RESOLVE_MS)) {
          this.close(open, now, 'condition_cleared');
          resolved.push(open);
        }
      }
    }
    return { fired, resolved };
  }

  /** Resolves an active alert by hand; undefined when no active alert has this id (so a second resolve finds nothing). */
  resolve(id: string, now: number): Alert | undefined {
    const alert = this.active.get(id);
    if (!alert) return undefined;
    this.close(alert, now, 'manual');
    return alert;
  }

  /**
   * An alert whose condition another feature evaluates: it fires unless an alert with its key is active (a
   * condition that keeps holding fires once), and stays active until {@link clearRaised} or a manual resolve.
   */
  raise(input: RaisedAlert, now: number): Alert | undefined {
    if (this.raised.has(input.key)) return undefined;
    const alert: Alert = {
      id: `${input.ruleId}-${this.ids.uuid()}`,
      ruleId: input.ruleId,
      severity: input.severity,
      title: input.title,
      description: input.description,
      value: input.value,
      triggeredAt: now,
      key: input.key,
      tenantId: input.tenantId,
    };
    this.raised.set(input.key, alert.id);
    this.active.set(alert.id, alert);
    this.remember(alert);
    return alert;
  }

  /** Resolves the raised alert with this key as `condition_cleared`; undefined when none is active. */
  clearRaised(key: string, now: number): Alert | undefined {
    const id = this.raised.get(key);
    const alert = id === undefined ? undefined : this.active.get(id);
    if (!alert) return undefined;
    this.close(alert, now, 'condition_cleared');
    return alert;
  }

  /** Keys of the active raised alerts that start with `prefix`. */
  raisedKeys(prefix: string): string[] {
    return [...this.raised.keys()].filter((k) => k.startsWith(prefix));
  }

  private close(alert: Alert, now: number, by: 'condition_cleared' | 'manual'): void {
    alert.resolvedAt = now;
    alert.resolvedBy = by;
    this.active.delete(alert.id);
    if (alert.key !== undefined) this.raised.delete(alert.key);
    this.clearSince.delete(alert.ruleId);
  }

  private remember(alert: Alert): void {
    this.history.push(alert);
    if (this.history.length > this.historySize) this.history.shift();
  }
}

/** The rule's aggregate over its window, or undefined without data. */
export function aggregateOf(
  rule: AlertRule,
  now: number,
  spans: readonly SpanSample[],
  points: readonly MetricPoint[],
): number | undefined {
  const { count, ms } = rule.window;
  let samples: { value: number; at: number }[];
  if (rule.selector.source === 'spans') {
    const field = rule.selector.field;
    samples = spans.map((s) => ({ value: field === 'error' ? (s.error ? 1 : 0) : s.durationMs, at: s.endedAt }));
  } else {
    const { name, tags } = rule.selector;
    samples = points
      .filter((p) => p.name === name && (!tags || Object.entries(tags).every(([k, v]) => p.tags[k] === v)))
      .map((p) => ({ value: p.value, at: p.at }));
  }
  if (ms !== undefined) samples = samples.filter((s) => s.at > now - ms);
  if (count !== undefined) samples = samples.slice(-count);
  if (samples.length === 0) return undefined;
  const values = samples.map((s) => s.value);
  switch (rule.aggregate) {
    case 'last':
      return values[values.length - 1];
    case 'max':
      return Math.max(...values);
    case 'mean':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'rate': {
      const seconds = (ms ?? Math.max(1, now - samples[0].at)) / 1000;
      return values.reduce((a, b) => a + b, 0) / seconds;
    }
  }
}

function compare(value: number, operator: AlertOperator, threshold: number): boolean {
  switch (operator) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

function describe(selector: AlertSelector): string {
  return selector.source === 'spans' ? `spans.${selector.field}` : selector.name;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
