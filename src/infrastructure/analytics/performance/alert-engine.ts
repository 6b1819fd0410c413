import { compare, COMPARATOR_SYMBOLS, type AlertMetric, type AlertRule, type AlertSeverity } from './alert-rules';

export const ALERT_STATES = ['inactive', 'pending', 'firing', 'resolved'] as const;
export type AlertStateName = (typeof ALERT_STATES)[number];

/** Where one rule stands; stored, so a restart resumes it (a pending rule keeps its start). */
export interface RuleState {
  readonly ruleId: string;
  readonly state: AlertStateName;
  /** When the rule entered its state (epoch ms); for `pending` the start of the wait. */
  readonly since: number | null;
  /** The last evaluation at which the condition held. */
  readonly lastTrueAt: number | null;
  readonly lastFiredAt: number | null;
  /** No alert fires before this (epoch ms). */
  readonly cooldownUntil: number | null;
  /** The metric's value at the last evaluation (null when the analysis did not produce it). */
  readonly value: number | null;
}

/** One alert fired. */
export interface Alert {
  readonly id: string;
  readonly ruleId: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly description: string;
  readonly metric: AlertMetric;
  readonly value: number;
  readonly threshold: number;
  readonly comparator: AlertRule['comparator'];
  readonly firedAt: number;
  readonly resolvedAt: number | null;
  readonly acknowledgedAt: number | null;
  readonly acknowledgedBy: string | null;
  readonly recommendations: readonly string[];
  readonly analysisTimestamp: number;
}

/** What one rule's evaluation changed. */
export interface RuleStep {
  readonly state: RuleState;
  /** The rule fires an alert now. */
  readonly fire: boolean;
  /** The rule stopped firing now. */
  readonly resolved: boolean;
  /** The rule started waiting out `forMs` now. */
  readonly pending: boolean;
}

export const initialState = (ruleId: string): RuleState => ({
  ruleId,
  state: 'inactive',
  since: null,
  lastTrueAt: null,
  lastFiredAt: null,
  cooldownUntil: null,
  value: null,
});

/**
 * One rule at `now` given its metric's value (undefined: the analysis did not produce it, which does not hold).
 * A holding condition makes an inactive rule pending (or firing at once when `forMs` is 0); a pending rule fires
 * once it has held for `forMs`. Firing is what raises an alert, but not within the cooldown of the last one: a
 * rule that still holds after its cooldown fires again. A condition that stops holding ends a pending wait, and
 * resolves a firing rule once `keepFiringForMs` has passed since it last held.
 */
export function stepRule(rule: AlertRule, value: number | undefined, prev: RuleState, now: number): RuleStep {
  const holds = rule.enabled && value !== undefined && compare(value, rule.comparator, rule.threshold);
  const v = value ?? null;
  const cooled = prev.cooldownUntil === null || now >= prev.cooldownUntil;
  const firing = (since: number, lastFired: boolean): RuleStep => ({
    state: {
      ...prev,
      state: 'firing',
      since,
      lastTrueAt: now,
      value: v,
      ...(lastFired ? { lastFiredAt: now, cooldownUntil: now + rule.cooldownMs } : {}),
    },
    fire: lastFired,
    resolved: false,
    pending: false,
  });
  if (holds) {
    switch (prev.state) {
      case 'inactive':
      case 'resolved':
        if (rule.forMs > 0)
          return {
            state: { ...prev, state: 'pending', since: now, lastTrueAt: now, value: v },
            fire: false,
            resolved: false,
            pending: true,
          };
        return firing(now, cooled);
      case 'pending':
        if (now - (prev.since ?? now) >= rule.forMs) return firing(now, cooled);
        return { state: { ...prev, lastTrueAt: now, value: v }, fire: false, resolved: false, pending: false };
      case 'firing':
        return firing(prev.since ?? now, cooled);
    }
  }
  const unchanged = { fire: false, resolved: false, pending: false };
  if (prev.state === 'pending') return { state: { ...prev, state: 'inactive', since: now, value: v }, ...unchanged };
  if (prev.state === 'firing') {
    if (prev.lastTrueAt !== null && now - prev.lastTrueAt < rule.keepFiringForMs)
      return { state: { ...prev, value: v }, ...unchanged };
    return { state: { ...prev, state: 'resolved', since: now, value: v }, ...unchanged, resolved: true };
  }
  return { state: { ...prev, value: v }, ...unchanged };
}

/** `<rule>_<yyyyMMdd_HHmmss>` in UTC, with `_<n>` when that id is already taken. */
export function alertId(ruleId: string, now: number, taken: (id: string) => boolean): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/gu, '').replace('T', '_').slice(0, 15);
  const base = `${ruleId}_${stamp}`;
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}_${n}`;
  return id;
}

/** The alert a rule fires with `value`. */
export function alertOf(
  rule: AlertRule,
  value: number,
  now: number,
  id: string,
  recommendations: readonly string[],
  analysisTimestamp: number,
): Alert {
  return {
    id,
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title ?? rule.id,
    description: `${rule.metric}: ${value.toFixed(3)} ${COMPARATOR_SYMBOLS[rule.comparator]} ${rule.threshold.toFixed(3)}`,
    metric: rule.metric,
    value,
    threshold: rule.threshold,
    comparator: rule.comparator,
    firedAt: now,
    resolvedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    recommendations: recommendations.slice(0, 3),
    analysisTimestamp,
  };
}

/** The newest `cap` alerts of a history ordered oldest first. */
export function capHistory<T>(history: readonly T[], cap: number): T[] {
  return history.length > cap ? history.slice(history.length - cap) : [...history];
}
