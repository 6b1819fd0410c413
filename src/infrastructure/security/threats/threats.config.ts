import { IsArray, IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../../core/config/config-section';
import { PATTERN_RULE_IDS } from './threat-patterns';

export const INSPECTION_MODES = ['monitor', 'block'] as const;
/** `block`: a request with an injection threat is refused before its handler; `monitor`: recorded only. */
export type InspectionMode = (typeof INSPECTION_MODES)[number];

/** Threat detection, auto-mitigation and retention (security); every duration in ms. */
export class ThreatsConfig {
  /** Enforce an action for high and critical threats (block the request, the IP or the principal, or force a cooldown). Default true (env `THREATS_AUTO_MITIGATION`). */
  @IsBoolean() autoMitigation = true;
  /** Inspection mode of a route that names none. Default `block` (env `THREATS_DEFAULT_MODE`). */
  @IsIn(INSPECTION_MODES) defaultMode: InspectionMode = 'block';
  /** Apply the `sql_injection` patterns. Default true. */
  @IsBoolean() sqlInjection = true;
  /** Apply the `xss_attempt` patterns. Default true. */
  @IsBoolean() xssAttempt = true;
  /** Apply the `path_traversal` patterns. Default true. */
  @IsBoolean() pathTraversal = true;
  /** Apply the `command_injection` patterns. Default true. */
  @IsBoolean() commandInjection = true;
  /** Single pattern rules switched off everywhere, by id, e.g. `command_injection.backticks`. Default none. */
  @IsArray() @IsIn(PATTERN_RULE_IDS, { each: true }) disabledRules: string[] = [];
  /** More requests than this per window from one principal or IP raise `suspicious_activity`. Default 100. */
  @IsInt() @Min(1) @Max(1_000_000) requestsPerWindow = 100;
  /** More authentication failures than this per window for one key id or IP raise `auth_failure`. Default 10. */
  @IsInt() @Min(1) @Max(1_000_000) authFailuresPerWindow = 10;
  /**
   * More rate-limit denials (429) than this per window for one principal or IP raise `rate_limit_exceeded`.
   * Default 30.
   */
  @IsInt() @Min(1) @Max(1_000_000) rateLimitDenialsPerWindow = 30;
  /** Length of the sliding windows of the three limits above. Default 60000. */
  @IsInt() @Min(1000) @Max(3_600_000) anomalyWindowMs = 60_000;
  /** A request body above this many bytes raises `data_exfiltration`. Default 10485760 (10 MiB). */
  @IsInt() @Min(1) @Max(1_073_741_824) maxBodyBytes = 10_485_760;
  /** Principals, and separately IPs, each anomaly window tracks; the least recently seen are forgotten first. Default 10000. */
  @IsInt() @Min(1) @Max(1_000_000) maxTrackedKeys = 10_000;
  /** How long `block_ip` and `block_principal` shut the subject out. Default 900000 (15 min). */
  @IsInt() @Min(1000) @Max(604_800_000) blocklistTtlMs = 900_000;
  /**
   * Blocklist entries each instance enforces; past it expired entries, then the oldest, are dropped. Default
   * 10000.
   */
  @IsInt() @Min(1) @Max(1_000_000) maxBlocklistEntries = 10_000;
  /** Period at which each instance reloads the stored blocklist, catching up on changes it missed. Default 30000. */
  @IsInt() @Min(1000) @Max(3_600_000) blocklistSyncMs = 30_000;
  /** Cooldown forced on a principal by the `rate_limit` action, in seconds. Default 600. */
  @IsInt() @Min(1) @Max(86_400) cooldownSeconds = 600;
  /** Threats older than this many days are deleted, whatever their status. Default 30. */
  @IsInt() @Min(1) @Max(3650) retentionDays = 30;
  /**
   * Threats kept; the oldest beyond it are deleted every `maxThreats / 10` saves and by the retention job.
   * Default 10000.
   */
  @IsInt() @Min(1) @Max(1_000_000) maxThreats = 10_000;
  /**
   * Period of the job that applies the retention and `maxThreats`, and drops expired blocklist entries and idle
   * windows. Default 3600000.
   */
  @IsInt() @Min(1000) @Max(86_400_000) pruneEveryMs = 3_600_000;
}

export const threatsConfig = defineConfigSection({
  key: 'threats',
  schema: ThreatsConfig,
  env: { autoMitigation: 'THREATS_AUTO_MITIGATION', defaultMode: 'THREATS_DEFAULT_MODE' },
});

declare module '../../../core/config/app-config' {
  interface AppConfig {
    threats: ThreatsConfig;
  }
}
