/** How bad a threat or a vulnerability is, lowest first. */
export const ThreatLevel = { Low: 'low', Medium: 'medium', High: 'high', Critical: 'critical' } as const;
export type ThreatLevel = (typeof ThreatLevel)[keyof typeof ThreatLevel];
export const THREAT_LEVELS: readonly ThreatLevel[] = Object.values(ThreatLevel);

/** What kind of security event a threat is (wire values). */
export const SecurityEventType = {
  AuthFailure: 'auth_failure',
  AuthzViolation: 'authz_violation',
  RateLimitExceeded: 'rate_limit_exceeded',
  SuspiciousActivity: 'suspicious_activity',
  VulnerabilityDetected: 'vulnerability_detected',
  PolicyViolation: 'policy_violation',
  DataExfiltration: 'data_exfiltration',
  InjectionAttempt: 'injection_attempt',
} as const;
export type SecurityEventType = (typeof SecurityEventType)[keyof typeof SecurityEventType];
export const SECURITY_EVENT_TYPES: readonly SecurityEventType[] = Object.values(SecurityEventType);

/** What auto-mitigation did about a threat. */
export const MitigationAction = {
  BlockRequest: 'block_request',
  RateLimit: 'rate_limit',
  BlockIp: 'block_ip',
  BlockPrincipal: 'block_principal',
} as const;
export type MitigationAction = (typeof MitigationAction)[keyof typeof MitigationAction];
export const MITIGATION_ACTIONS: readonly MitigationAction[] = Object.values(MitigationAction);

/**
 * Where a threat is in its life: `open` when detected, `mitigated` once an action was enforced, `resolved` once
 * an operator closed it with a note. Only `open` threats are active (they count in the score).
 */
export type ThreatStatus = 'open' | 'mitigated' | 'resolved';

/** A detected threat. Times are ISO-8601 UTC strings. */
export interface SecurityThreat {
  /** `THR_<unix-seconds>_<8 lowercase hex>`. */
  readonly threatId: string;
  readonly threatType: SecurityEventType;
  readonly threatLevel: ThreatLevel;
  readonly description: string;
  readonly sourceIp?: string;
  /** The principal (API key id) the request acted as, when one was known. */
  readonly keyId?: string;
  readonly tenantId?: string;
  readonly timestamp: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly status: ThreatStatus;
  /** True once an action was enforced; stays true after the threat is resolved. */
  readonly mitigated: boolean;
  readonly mitigationAction?: MitigationAction;
  readonly mitigatedAt?: string;
  /** When a blocklist entry or cooldown put in place by the mitigation ends. */
  readonly mitigationExpiresAt?: string;
  readonly resolvedAt?: string;
  readonly resolvedBy?: string;
  readonly resolutionNote?: string;
}

/** A finding of a vulnerability scan (a CI dependency audit or the source rules). */
export interface VulnerabilityReport {
  /** `VULN_<8 lowercase hex>`, derived from the finding's key, so the same finding keeps its id across reports. */
  readonly vulnerabilityId: string;
  /** Identity across reports, e.g. `npm:lodash` or `source:hardcoded_secrets:src/a.py`. */
  readonly key: string;
  readonly severity: ThreatLevel;
  readonly category: string;
  readonly description: string;
  /** A package name or a file path. */
  readonly affectedComponent: string;
  /** Three steps. */
  readonly remediationSteps: readonly string[];
  /** Advisory references (CVE or GHSA URLs) when the scanner gives them. */
  readonly cveReferences: readonly string[];
  /** Not estimated: always 0. */
  readonly exploitProbability: number;
  /** Not estimated: always `low`. */
  readonly businessImpact: 'low';
}

/**
 * Key ids of principals many callers share (unauthenticated requests, the application itself): they are never
 * counted as one caller, blocked or put into a cooldown; their traffic counts per IP.
 */
export const SHARED_PRINCIPALS: ReadonlySet<string> = new Set(['anonymous', 'system']);
