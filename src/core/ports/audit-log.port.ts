/** What an audit entry says happened to a request or an object. */
export const AuditDecision = {
  Allow: 'allow',
  Deny: 'deny',
  Alert: 'alert',
  Monitor: 'monitor',
  Block: 'block',
  Info: 'info',
} as const;
export type AuditDecision = (typeof AuditDecision)[keyof typeof AuditDecision];

export type AuditSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** One security-relevant event: an auth failure, a denial, a key change, a mitigation, an admin operation. */
export interface AuditEvent {
  /** The tenant the event belongs to; `undefined` for events before a tenant is known (a bad key). */
  readonly tenantId?: string;
  /** Who acted: a key id, `anonymous`, or a component such as `security_orchestrator`. */
  readonly actor: string;
  /** What was attempted, e.g. `auth_failure`, `missing_permission`, `key_created`, `threat_mitigated`. */
  readonly action: string;
  /** What it was attempted on: a route, `scope:key`, a key id, an IP. */
  readonly resource: string;
  readonly decision: AuditDecision;
  readonly reason?: string;
  readonly severity: AuditSeverity;
  readonly requestId?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * The tamper-evident audit log. `record` never throws and never waits for storage: entries are appended in order
 * by the owner (the security module), in batches; `flush` resolves once everything recorded so far is stored.
 */
export interface AuditLogPort {
  record(event: AuditEvent): void;
  flush(): Promise<void>;
}

export const AUDIT_LOG = Symbol('AUDIT_LOG');
