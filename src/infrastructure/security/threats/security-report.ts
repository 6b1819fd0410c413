import type { SecurityThreat } from './threat.types';

/** Threats detected and auto-mitigated (in a scope), since the instance started. */
export interface ThreatCounters {
  readonly detected: number;
  readonly mitigated: number;
}

/** The ingested vulnerability reports: current findings, findings fixed since the previous reports, last ingestion. */
export interface VulnerabilityTotals {
  readonly found: number;
  readonly fixed: number;
  /** ISO time of the last ingestion, null before the first. */
  readonly lastScan: string | null;
}

/** The fixed recommendation sentences, in the order they are given. */
export const RECOMMENDATIONS = {
  investigateThreats: 'Review and investigate the detected security threats.',
  fixVulnerabilities: 'Fix the reported vulnerabilities promptly, most severe first.',
  improveMitigation: 'Improve automated mitigation: fewer than 90% of detected threats were mitigated.',
} as const;

/** The security report (snake_case keys, the original's wire shape). */
export interface SecurityReport {
  /** The tenant the report covers; null for every tenant. */
  readonly tenant: string | null;
  readonly score_version: 'v1';
  readonly security_score: number;
  readonly threat_summary: {
    readonly total_active_threats: number;
    readonly critical_threats: number;
    readonly high_threats: number;
    /** The 5 newest active threats, newest first. */
    readonly recent_threats: readonly SecurityThreat[];
  };
  readonly vulnerability_summary: {
    readonly total_vulnerabilities: number;
    readonly last_scan: string | null;
    readonly fix_rate: number;
  };
  readonly metrics: {
    readonly threats_detected: number;
    readonly threats_mitigated: number;
    readonly mitigation_rate: number;
    readonly vulnerabilities_found: number;
    readonly vulnerabilities_fixed: number;
    readonly vulnerability_fix_rate: number;
  };
  readonly recommendations: readonly string[];
}

/**
 * Score v1: `max(0, 100 − 25 · critical − 10 · high)` over the active (open) threats. Medium and low threats,
 * mitigated or resolved threats and vulnerabilities do not count.
 */
export function scoreV1(active: readonly SecurityThreat[]): number {
  const critical = active.filter((t) => t.threatLevel === 'critical').length;
  const high = active.filter((t) => t.threatLevel === 'high').length;
  return Math.max(0, 100 - 25 * critical - 10 * high);
}

/** Percentage of detected threats that were auto-mitigated; 100 when none was detected. */
export function mitigationRate(c: ThreatCounters): number {
  return c.detected === 0 ? 100 : (c.mitigated / c.detected) * 100;
}

/**
 * Percentage of known findings that are fixed: fixed / (fixed + found). Findings are replaced at each
 * ingestion, and `fixed` counts those of the previous reports no longer present, so this stays in [0, 100];
 * 100 when nothing was ever found, 0 while findings exist and none was fixed.
 */
export function vulnerabilityFixRate(v: VulnerabilityTotals): number {
  return v.found === 0 ? 100 : (v.fixed / (v.fixed + v.found)) * 100;
}

/** Builds the report from the scope's active threats (newest first), its counters and the vulnerability totals. */
export function buildSecurityReport(
  tenant: string | null,
  active: readonly SecurityThreat[],
  counters: ThreatCounters,
  vulnerabilities: VulnerabilityTotals,
): SecurityReport {
  const mitigation = mitigationRate(counters);
  const fixRate = vulnerabilityFixRate(vulnerabilities);
  const recommendations: string[] = [];
  if (counters.detected > 0) recommendations.push(RECOMMENDATIONS.investigateThreats);
  if (vulnerabilities.found > 0) recommendations.push(RECOMMENDATIONS.fixVulnerabilities);
  if (mitigation < 90) recommendations.push(RECOMMENDATIONS.improveMitigation);
  return {
    tenant,
    score_version: 'v1',
    security_score: scoreV1(active),
    threat_summary: {
      total_active_threats: active.length,
      critical_threats: active.filter((t) => t.threatLevel === 'critical').length,
      high_threats: active.filter((t) => t.threatLevel === 'high').length,
      recent_threats: active.slice(0, 5),
    },
    vulnerability_summary: {
      total_vulnerabilities: vulnerabilities.found,
      last_scan: vulnerabilities.lastScan,
      fix_rate: fixRate,
    },
    metrics: {
      threats_detected: counters.detected,
      threats_mitigated: counters.mitigated,
      mitigation_rate: mitigation,
      vulnerabilities_found: vulnerabilities.found,
      vulnerabilities_fixed: vulnerabilities.fixed,
      vulnerability_fix_rate: fixRate,
    },
    recommendations,
  };
}
