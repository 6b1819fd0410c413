import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { AUDIT_LOG, AuditDecision, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { fail, ok, type StepResult } from '../../../core/result/step-result';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import type { Principal } from '../../../core/security/principal';
import { AnomalyDetectors, type AnomalySubject } from './anomaly-detectors';
import { BlocklistService } from './blocklist.service';
import { IncidentResponder, type ThreatDraft } from './incident-responder';
import { buildSecurityReport, type SecurityReport } from './security-report';
import { matchPatterns, PATTERN_CATEGORIES, type InspectedField, type PatternCategory } from './threat-patterns';
import { resolveThreat } from './threat-lifecycle';
import { THREAT_STORE, inScope, type ThreatScope, type ThreatStore } from './threat.store';
import { SHARED_PRINCIPALS, type SecurityThreat, type ThreatStatus } from './threat.types';
import { ThreatsConfig, type InspectionMode } from './threats.config';
import { VulnerabilityService } from './vulnerability.service';

/** The answer of {@link ThreatService.inspect}. */
export interface InspectionResult {
  readonly threats: readonly SecurityThreat[];
  /** Refuse the request (400) before its handler: an injection threat was found in `block` mode. */
  readonly block: boolean;
  /** The first field of the blocking threat, for the error message. */
  readonly field?: string;
}

/** The answer of {@link ThreatService.recordRequest}. */
export interface RequestRecord {
  readonly threats: readonly SecurityThreat[];
  /** Refuse the request: a threat put its IP or principal on the blocklist. */
  readonly block: boolean;
}

const NOTHING_RECORDED: RequestRecord = Object.freeze({ threats: Object.freeze([]), block: false });

/** What {@link ThreatService.prune} removed. */
export interface PruneSummary {
  readonly threats: number;
  readonly blocklistEntries: number;
  readonly idleWindows: number;
}

const DAY_MS = 86_400_000;
const CATEGORY_SWITCH = {
  sql_injection: 'sqlInjection',
  xss_attempt: 'xssAttempt',
  path_traversal: 'pathTraversal',
  command_injection: 'commandInjection',
} as const satisfies Record<PatternCategory, keyof ThreatsConfig>;

/**
 * Threat detection and handling: inspects chosen request fields with the pattern table, feeds the anomaly
 * detectors, handles each threat (store, audit, count, auto-mitigate), lets operators resolve threats, applies
 * the retention and reports a tenant's (or every tenant's) security posture.
 *
 * @example
 * const r = await threats.inspect([{ field: 'query', value: dto.query }], principal, req.ip);
 * if (r.block) throw new BadRequestException(`Field ${r.field} was refused`);
 */
@Injectable()
export class ThreatService {
  private readonly detectors: AnomalyDetectors;
  private readonly disabled: ReadonlySet<string>;
  private readonly audit: LazyPort<AuditLogPort>;

  constructor(
    private readonly config: ThreatsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(THREAT_STORE) private readonly store: ThreatStore,
    private readonly responder: IncidentResponder,
    private readonly blocklist: BlocklistService,
    private readonly vulnerabilities: VulnerabilityService,
    moduleRef: ModuleRef,
  ) {
    this.detectors = new AnomalyDetectors(config, clock);
    const off = PATTERN_CATEGORIES.filter((c) => !config[CATEGORY_SWITCH[c]]);
    this.disabled = new Set<string>([...off, ...config.disabledRules]);
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
  }

  /**
   * Runs the pattern table over the given fields; each matching rule is one `injection_attempt`/high threat.
   * In `block` mode (default `threats.defaultMode`) with auto-mitigation on, such a threat is mitigated with
   * `block_request` and `block` is true: the caller must refuse the request before its handler.
   */
  async inspect(
    fields: readonly InspectedField[],
    principal?: Principal,
    ip?: string,
    mode: InspectionMode = this.config.defaultMode,
  ): Promise<InspectionResult> {
    const matches = matchPatterns(fields, this.disabled);
    if (matches.length === 0) return { threats: [], block: false };
    const threats: SecurityThreat[] = [];
    let field: string | undefined;
    for (const m of matches) {
      const draft: ThreatDraft = {
        ...this.origin(principal, ip),
        type: 'injection_attempt',
        level: 'high',
        description: `Detected ${m.category} pattern: ${m.pattern}`,
        metadata: { attack_type: m.category, pattern: m.pattern, rule: m.ruleId, fields: m.fields },
      };
      const threat = await this.responder.respond(draft, { requestBlockable: mode === 'block' });
      if (threat.mitigationAction === 'block_request') field ??= m.fields[0];
      threats.push(threat);
    }
    return field === undefined ? { threats, block: false } : { threats, block: true, field };
  }

  /**
   * Counts a request (rate per principal and per IP) and checks its body size (`bodyBytes`, e.g. Content-Length).
   * Synchronous unless the request is an anomaly (then the threat is stored and answered first), so that the
   * request path of an ordinary request needs no promise.
   */
  recordRequest(
    principal: Principal | undefined,
    ip: string | undefined,
    bodyBytes = 0,
  ): RequestRecord | Promise<RequestRecord> {
    const anomalies = this.detectors.recordRequest(this.subject(principal?.keyId, ip), bodyBytes);
    if (anomalies.length === 0) return NOTHING_RECORDED;
    return this.respondAll(anomalies.map((a) => ({ ...this.origin(principal, ip), ...a }))).then((threats) => ({
      threats,
      block: threats.some((t) => t.mitigationAction === 'block_ip' || t.mitigationAction === 'block_principal'),
    }));
  }

  /** Counts a failed authentication for the presented key id (when it names a key) and the IP. */
  async recordAuthFailure(failure: {
    readonly keyId?: string;
    readonly ip?: string;
    readonly tenantId?: string;
  }): Promise<SecurityThreat[]> {
    const anomalies = this.detectors.recordAuthFailure(this.subject(failure.keyId, failure.ip));
    return this.respondAll(
      anomalies.map((a) => ({ ...a, keyId: failure.keyId, sourceIp: failure.ip, tenantId: failure.tenantId })),
    );
  }

  /**
   * Counts a request the rate limiter refused (a 429) for its principal and IP; many within
   * `threats.anomalyWindowMs` raise `rate_limit_exceeded`/high (mitigated by a forced cooldown). The count is taken
   * synchronously, before this returns its promise: a caller on the request path need not wait for the threat.
   */
  async recordRateLimitDenial(
    principal: Principal | undefined,
    ip: string | undefined,
    denial: { readonly scope: string; readonly reason: string },
  ): Promise<SecurityThreat[]> {
    const anomalies = this.detectors.recordRateLimitDenial(this.subject(principal?.keyId, ip), {
      rate_limit_scope: denial.scope,
      rate_limit_reason: denial.reason,
    });
    if (anomalies.length === 0) return [];
    return this.respondAll(anomalies.map((a) => ({ ...this.origin(principal, ip), ...a })));
  }

  /** Handles a threat another component detected (e.g. the rate limiter's `rate_limit_exceeded`). */
  async report(draft: ThreatDraft): Promise<SecurityThreat> {
    return this.responder.respond(draft, { requestBlockable: false });
  }

  async get(threatId: string, scope: ThreatScope): Promise<SecurityThreat | undefined> {
    const threat = await this.store.get(threatId);
    return threat && inScope(threat, scope) ? threat : undefined;
  }

  async list(scope: ThreatScope, statuses?: readonly ThreatStatus[], limit = 100): Promise<SecurityThreat[]> {
    return this.store.list({ scope, statuses, limit });
  }

  /** Closes an open or mitigated threat of `scope` with an operator's note; audits `threat_resolved`. */
  async resolve(threatId: string, scope: ThreatScope, by: string, note: string): Promise<StepResult<SecurityThreat>> {
    const threat = await this.get(threatId, scope);
    if (!threat) return fail('not_found', `No threat ${threatId}`);
    const resolved = resolveThreat(threat, by, note, this.clock.now());
    if (resolved.status !== 'ok') return resolved;
    await this.store.save(resolved.data);
    this.audit.get().record({
      ...(threat.tenantId !== undefined ? { tenantId: threat.tenantId } : {}),
      actor: by,
      action: 'threat_resolved',
      resource: threat.threatId,
      decision: AuditDecision.Info,
      reason: resolved.data.resolutionNote,
      severity: threat.threatLevel,
    });
    return ok(resolved.data);
  }

  /** The score v1 report of `scope`. */
  async securityReport(scope: ThreatScope): Promise<SecurityReport> {
    const active = await this.store.list({ scope, statuses: ['open'] });
    const tenant = 'tenantId' in scope ? scope.tenantId : null;
    return buildSecurityReport(tenant, active, this.responder.counters(scope), this.vulnerabilities.totals());
  }

  /**
   * Deletes threats past `threats.retentionDays` and beyond the `threats.maxThreats` newest, expired blocklist
   * entries and idle anomaly windows.
   */
  async prune(): Promise<PruneSummary> {
    const old = await this.store.deleteDetectedBefore(this.clock.now() - this.config.retentionDays * DAY_MS);
    const surplus = await this.store.deleteBeyond(this.config.maxThreats);
    return {
      threats: old + surplus,
      blocklistEntries: await this.blocklist.prune(),
      idleWindows: this.detectors.prune(),
    };
  }

  private async respondAll(drafts: readonly ThreatDraft[]): Promise<SecurityThreat[]> {
    const threats: SecurityThreat[] = [];
    for (const d of drafts) threats.push(await this.responder.respond(d, { requestBlockable: false }));
    return threats;
  }

  private origin(principal: Principal | undefined, ip: string | undefined) {
    return { keyId: principal?.keyId, tenantId: principal?.tenantId, sourceIp: ip };
  }

  private subject(keyId: string | undefined, ip: string | undefined): AnomalySubject {
    return { keyId: keyId !== undefined && !SHARED_PRINCIPALS.has(keyId) ? keyId : undefined, ip };
  }
}
