import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import type { AccessDecision, AccessPolicyPort } from '../../../core/ports/access-policy.port';
import { AUDIT_LOG, type AuditLogPort } from '../../../core/ports/audit-log.port';
import type { Principal, Role } from '../../../core/security/principal';
import { SecurityConfig } from '../security.config';
import { evaluate, parseExtraGrants } from './role-grants';

const ALLOWED: AccessDecision = { allowed: true };

/**
 * The access policy behind routes and orchestrations: roles, scopes and attribute rules (see `evaluate`), with
 * each principal's decisions remembered (a key's roles never change; a changed key is a new principal object).
 * Every denial is audited.
 */
@Injectable()
export class AccessPolicyService implements AccessPolicyPort {
  private readonly extraGrants: Partial<Record<Role, string[]>>;
  private readonly decided = new WeakMap<Principal, Map<string, ReturnType<typeof evaluate>>>();
  private readonly audit: LazyPort<AuditLogPort>;

  constructor(config: SecurityConfig, moduleRef: ModuleRef) {
    this.extraGrants = parseExtraGrants(config.extraGrants);
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
  }

  /** Whether `principal` holds `permission`, without auditing (for decisions that are not requests). */
  holds(principal: Principal, permission: string): boolean {
    return this.outcome(principal, permission) === 'allowed';
  }

  authorize(principal: Principal, permission: string, resource: string, requestId?: string): AccessDecision {
    const outcome = this.outcome(principal, permission);
    if (outcome === 'allowed') return ALLOWED;
    const message =
      outcome === 'missing_permission'
        ? `this API key lacks the permission ${permission}`
        : `this API key's attributes do not meet the rule of ${permission}`;
    this.audit.tryGet()?.record({
      tenantId: principal.tenantId,
      actor: principal.keyId,
      action: outcome,
      resource,
      decision: 'deny',
      reason: message,
      severity: 'medium',
      requestId,
      extra: { permission },
    });
    return { allowed: false, reason: outcome, message };
  }

  private outcome(principal: Principal, permission: string): ReturnType<typeof evaluate> {
    let memo = this.decided.get(principal);
    if (!memo) this.decided.set(principal, (memo = new Map<string, ReturnType<typeof evaluate>>()));
    let outcome = memo.get(permission);
    if (outcome === undefined) memo.set(permission, (outcome = evaluate(principal, permission, this.extraGrants)));
    return outcome;
  }
}
