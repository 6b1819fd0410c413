import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { AUDIT_LOG, AuditDecision, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import type { RandomSource } from '../../../core/runtime/random';
import { THREAT_ID_RANDOM } from './threat-id';
import { THREAT_MITIGATION, type MitigationContext, type MitigationPort } from './mitigation.port';
import { chooseMitigation } from './mitigation-policy';
import type { ThreatCounters } from './security-report';
import { newThreatId } from './threat-id';
import { markMitigated } from './threat-lifecycle';
import { THREAT_STORE, type ThreatScope, type ThreatStore } from './threat.store';
import type { MitigationAction, SecurityEventType, SecurityThreat, ThreatLevel } from './threat.types';
import { ThreatsConfig } from './threats.config';
import { ThreatsMetrics } from './threats.metrics';

/** A threat as a detector describes it, before it gets an id, a time and a status. */
export interface ThreatDraft {
  readonly type: SecurityEventType;
  readonly level: ThreatLevel;
  readonly description: string;
  readonly sourceIp?: string;
  readonly keyId?: string;
  readonly tenantId?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** The actor of the audit entries of auto-mitigation. */
export const MITIGATION_ACTOR = 'security_orchestrator';

const isSevere = (level: ThreatLevel) => level === 'high' || level === 'critical';

/**
 * Incident response for one threat: store it, audit `threat_detected` (alert for high and critical, else
 * monitor), count it, then, when `threats.autoMitigation` is on and the threat is high or critical, enforce the
 * chosen action and audit `threat_mitigated` (or `threat_mitigation_failed` when it could not be enforced).
 */
@Injectable()
export class IncidentResponder {
  private readonly logger = new Logger('ThreatIncidents');
  private readonly audit: LazyPort<AuditLogPort>;
  private readonly byTenant = new Map<string, { detected: number; mitigated: number }>();

  constructor(
    private readonly config: ThreatsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(THREAT_ID_RANDOM) private readonly random: RandomSource,
    @Inject(THREAT_STORE) private readonly store: ThreatStore,
    @Inject(THREAT_MITIGATION) private readonly mitigation: MitigationPort,
    private readonly metrics: ThreatsMetrics,
    moduleRef: ModuleRef,
  ) {
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
  }

  /** Handles one detected threat; returns it as stored after mitigation. */
  async respond(draft: ThreatDraft, context: MitigationContext): Promise<SecurityThreat> {
    const audit = this.audit.get();
    const now = this.clock.now();
    const threat: SecurityThreat = {
      threatId: await this.freshId(now),
      threatType: draft.type,
      threatLevel: draft.level,
      description: draft.description,
      ...(draft.sourceIp !== undefined ? { sourceIp: draft.sourceIp } : {}),
      ...(draft.keyId !== undefined ? { keyId: draft.keyId } : {}),
      ...(draft.tenantId !== undefined ? { tenantId: draft.tenantId } : {}),
      timestamp: new Date(now).toISOString(),
      metadata: draft.metadata ?? {},
      status: 'open',
      mitigated: false,
    };
    await this.store.save(threat);
    audit.record({
      ...this.subjectOf(threat),
      actor: threat.keyId ?? 'unknown',
      action: 'threat_detected',
      decision: isSevere(threat.threatLevel) ? AuditDecision.Alert : AuditDecision.Monitor,
      reason: threat.description,
      extra: { threat_id: threat.threatId, threat_type: threat.threatType, metadata: threat.metadata },
    });
    this.countersOf(threat.tenantId).detected++;
    this.metrics.threatDetected(threat.threatType, threat.threatLevel);
    const action = this.config.autoMitigation ? chooseMitigation(threat) : undefined;
    // A monitored request is let through: there is nothing to block, which is not a failed mitigation.
    if (action === undefined || (action === 'block_request' && !context.requestBlockable)) return threat;
    return this.mitigate(threat, action, context, audit);
  }

  /** Detected and auto-mitigated threats in `scope` since the instance started. */
  counters(scope: ThreatScope): ThreatCounters {
    if ('tenantId' in scope) return { ...(this.byTenant.get(scope.tenantId) ?? { detected: 0, mitigated: 0 }) };
    let detected = 0;
    let mitigated = 0;
    for (const c of this.byTenant.values()) {
      detected += c.detected;
      mitigated += c.mitigated;
    }
    return { detected, mitigated };
  }

  private async mitigate(
    threat: SecurityThreat,
    action: MitigationAction,
    context: MitigationContext,
    audit: AuditLogPort,
  ): Promise<SecurityThreat> {
    let failure: string;
    try {
      const outcome = await this.mitigation.apply(action, threat, context);
      if (outcome.applied) {
        const mitigated = markMitigated(threat, action, this.clock.now(), outcome.expiresAt);
        await this.store.save(mitigated);
        this.countersOf(threat.tenantId).mitigated++;
        this.metrics.mitigationApplied(action);
        audit.record({
          ...this.subjectOf(threat),
          actor: MITIGATION_ACTOR,
          action: 'threat_mitigated',
          decision: AuditDecision.Block,
          reason: `Auto-mitigation: ${action}`,
          extra: {
            threat_id: threat.threatId,
            mitigation_action: action,
            ...(mitigated.mitigationExpiresAt !== undefined ? { expires_at: mitigated.mitigationExpiresAt } : {}),
          },
        });
        return mitigated;
      }
      failure = outcome.reason;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    this.logger.warn({ event: 'threat_mitigation_failed', threat_id: threat.threatId, action, reason: failure });
    audit.record({
      ...this.subjectOf(threat),
      actor: MITIGATION_ACTOR,
      action: 'threat_mitigation_failed',
      decision: AuditDecision.Alert,
      reason: `Auto-mitigation ${action} not applied: ${failure}`,
      extra: { threat_id: threat.threatId, mitigation_action: action },
    });
    return threat;
  }

  /** A threat id not in the store: 32 random bits can repeat within one second under a flood. */
  private async freshId(now: number): Promise<string> {
    for (;;) {
      const id = newThreatId(now, this.random);
      if ((await this.store.get(id)) === undefined) return id;
    }
  }

  private subjectOf(threat: SecurityThreat) {
    return {
      ...(threat.tenantId !== undefined ? { tenantId: threat.tenantId } : {}),
      resource: threat.sourceIp ?? 'unknown',
      severity: threat.threatLevel,
    };
  }

  private countersOf(tenantId: string | undefined): { detected: number; mitigated: number } {
    // Threats detected before a tenant was known (a bad key) count under '' and only in the all-tenants view.
    const key = tenantId ?? '';
    let c = this.byTenant.get(key);
    if (!c) this.byTenant.set(key, (c = { detected: 0, mitigated: 0 }));
    return c;
  }
}
