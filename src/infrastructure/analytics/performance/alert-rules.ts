import { ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';
import { z } from 'zod';

/** The metrics an analysis produces; a rule can only name one of these. */
export const ALERT_METRICS = [
  'overall_performance_score',
  'health_score',
  'critical_high_anomalies',
  'anomalies_detected',
  'forecast_quality_lower_bound',
  'error_rate_trend_declining_confidence',
  'mean_quality',
  'error_rate',
  'mean_response_time_ms',
  'interval_coverage',
  'cpu_percent',
  'memory_percent',
  'disk_percent',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const COMPARATORS = ['gt', 'gte', 'lt', 'lte'] as const;
export type Comparator = (typeof COMPARATORS)[number];

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

const MINUTE = 60_000;

/** One alert rule: `metric comparator threshold` held for `forMs` fires an alert of `severity`. */
export const alertRuleSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/u, 'id must be 1-64 letters, digits, _ . -'),
    title: z.string().min(1).max(200).optional(),
    metric: z.enum(ALERT_METRICS),
    comparator: z.enum(COMPARATORS),
    threshold: z.number().finite(),
    severity: z.enum(ALERT_SEVERITIES),
    /** The condition must hold this long (ms) before the alert fires; meanwhile the rule is pending. */
    forMs: z.number().int().min(0).max(604_800_000).default(0),
    /** A firing alert stays firing this long (ms) after its condition stops holding. */
    keepFiringForMs: z.number().int().min(0).max(604_800_000).default(0),
    /** After an alert fires, the rule does not fire again for this long (ms). */
    cooldownMs: z
      .number()
      .int()
      .min(0)
      .max(604_800_000)
      .default(15 * MINUTE),
    enabled: z.boolean().default(true),
  })
  .strict();
export type AlertRule = z.output<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

export const alertRulesSchema = z.array(alertRuleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate rule id "${r.id}"` });
    seen.add(r.id);
  });
});

/** The built-in rules, each on a metric the analysis produces and with its comparator explicit. */
export const DEFAULT_ALERT_RULES: readonly AlertRule[] = alertRulesSchema.parse([
  {
    id: 'performance_degradation_critical',
    title: 'Overall performance below 0.5',
    metric: 'overall_performance_score',
    comparator: 'lt',
    threshold: 0.5,
    severity: 'critical',
    cooldownMs: 15 * MINUTE,
  },
  {
    id: 'health_score_warning',
    title: 'System health below 0.7',
    metric: 'health_score',
    comparator: 'lt',
    threshold: 0.7,
    severity: 'warning',
    cooldownMs: 30 * MINUTE,
  },
  {
    id: 'anomaly_detection_info',
    title: 'Critical or high anomalies detected',
    metric: 'critical_high_anomalies',
    comparator: 'gte',
    threshold: 1,
    severity: 'info',
    cooldownMs: 60 * MINUTE,
  },
  {
    id: 'predictive_warning',
    title: 'Forecast quality lower bound below 0.6',
    metric: 'forecast_quality_lower_bound',
    comparator: 'lt',
    threshold: 0.6,
    severity: 'warning',
    cooldownMs: 120 * MINUTE,
  },
  {
    id: 'error_rate_trend_warning',
    title: 'Error rate rising',
    metric: 'error_rate_trend_declining_confidence',
    comparator: 'gt',
    threshold: 0.5,
    severity: 'warning',
    cooldownMs: 60 * MINUTE,
  },
]);

/** Each problem of rules that do not parse, as `<prefix>[i].field: message`. */
export function ruleProblems(value: unknown, prefix: string): string[] {
  const parsed = alertRulesSchema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    return `${prefix}${path}: ${issue.message}`;
  });
}

/** Whether `value comparator threshold` holds. */
export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
  }
}

export const COMPARATOR_SYMBOLS: Readonly<Record<Comparator, string>> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

/** Validates `performanceAnalytics.rules` at boot with the rule schema, naming each bad field. */
@ValidatorConstraint({ name: 'alertRules' })
export class AlertRulesConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return ruleProblems(value, 'rules').length === 0;
  }

  defaultMessage(args?: ValidationArguments): string {
    return ruleProblems(args?.value, args?.property ?? 'rules').join('; ');
  }
}
