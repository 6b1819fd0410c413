import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import {
  ALERT_METRICS,
  ALERT_SEVERITIES,
  COMPARATORS,
  type AlertMetric,
  type AlertSeverity,
  type Comparator,
} from './alert-rules';

const WEEK_MS = 604_800_000;

/**
 * One alert rule of `performanceAnalytics.rules`: `metric comparator threshold`, held for `forMs`, fires an alert
 * of `severity`. The same fields and bounds as the rules the API accepts.
 */
export class AnalyticsAlertRuleConfig {
  /** Unique among the rules: 1–64 letters, digits, `_`, `.` or `-`. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/u) id!: string;
  /** The alert's title (default the id). */
  @IsOptional() @IsString() @Length(1, 200) title?: string;
  /** A metric the analysis produces (see the performance analytics page). */
  @IsIn(ALERT_METRICS) metric!: AlertMetric;
  /** `gt`, `gte`, `lt` or `lte`: how the metric is compared with the threshold. */
  @IsIn(COMPARATORS) comparator!: Comparator;
  /** The value the metric is compared with. */
  @IsNumber({ allowNaN: false, allowInfinity: false }) threshold!: number;
  /** `critical`, `warning` or `info`. */
  @IsIn(ALERT_SEVERITIES) severity!: AlertSeverity;
  /** How long (ms) the condition must hold before the alert fires; meanwhile the rule is pending. Default 0. */
  @IsInt() @Min(0) @Max(WEEK_MS) forMs = 0;
  /** How long (ms) a firing alert stays firing after its condition stops holding. Default 0. */
  @IsInt() @Min(0) @Max(WEEK_MS) keepFiringForMs = 0;
  /** After an alert fires, the rule does not fire again for this long (ms). Default 900000 (15 min). */
  @IsInt() @Min(0) @Max(WEEK_MS) cooldownMs = 900_000;
  /** A disabled rule is not evaluated. Default true. */
  @IsBoolean() enabled = true;
}
