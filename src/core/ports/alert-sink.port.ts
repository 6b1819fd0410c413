/** How bad a raised alert is (the telemetry alert engine's severities). */
export type RaisedAlertSeverity = 'info' | 'warning' | 'error' | 'critical';

/**
 * An alert whose condition another feature evaluates (a watched source failing, gone stale, a creator overdue).
 * `key` names the condition instance: one alert is active per key until the condition clears.
 */
export interface RaisedAlert {
  /** Unique per condition instance, e.g. `monitoring:stale:<tenant>:<source>`. */
  readonly key: string;
  /** The rule it belongs to, e.g. `monitoring.stale_source`. */
  readonly ruleId: string;
  /** The tenant it concerns; null for an instance-wide condition. */
  readonly tenantId: string | null;
  readonly severity: RaisedAlertSeverity;
  readonly title: string;
  /** The condition with its value, e.g. `no successful check for 1200 s (3 × interval 300 s)`. */
  readonly description: string;
  readonly value: number;
}

/**
 * The telemetry alert path for conditions evaluated outside telemetry's own rules: a raised alert joins the active
 * alerts, fires the same events and notifications as a rule's, and resolves (`condition_cleared`) when cleared.
 */
export interface AlertSinkPort {
  /** Raises the alert unless one with its key is active; true when it fired now. */
  raise(alert: RaisedAlert): boolean;
  /** Resolves the active alert with this key; true when one was active. */
  clear(key: string): boolean;
  /** Keys of the active raised alerts whose key starts with `prefix`. */
  activeKeys(prefix: string): string[];
}

export const ALERT_SINK = Symbol('ALERT_SINK');
