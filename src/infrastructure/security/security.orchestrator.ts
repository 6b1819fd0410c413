import { Inject, Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { validateInput } from '../../core/validation/validate-input';
import { CreateKeyDto } from './dto/create-key.dto';
import { AuditLogService } from './audit/audit-log.service';
import { AuditQueryDto } from './dto/audit-query.dto';
import { ResolveThreatDto } from './dto/resolve-threat.dto';
import { ApiKeyService } from './keys/api-key.service';
import { KEY_ID_PATTERN } from './security.config';
import { ThreatService } from './threats/threat.service';
import { VulnerabilityService } from './threats/vulnerability.service';
import type { ThreatScope } from './threats/threat.store';

export const SECURITY_ORCHESTRATOR = 'security';

export const SECURITY_OPERATIONS = [
  'keys.create',
  'keys.list',
  'keys.rotate',
  'keys.revoke',
  'report',
  'threats.list',
  'threats.resolve',
  'audit.query',
  'audit.verify',
  'vulnerabilities.ingest',
] as const;
export type SecurityOperation = (typeof SECURITY_OPERATIONS)[number];

const DAY_MS = 86_400_000;

/**
 * The `security` orchestrator (infrastructure): API key management for the caller's tenant. Every operation
 * needs `security.keys`. The caller is the context's principal (an in-process caller such as the CLI acts as
 * `system`).
 */
@Orchestrator({
  name: SECURITY_ORCHESTRATOR,
  layer: 'infrastructure',
  type: 'coordination',
  description: 'API keys, threats and mitigations, the security report, the tamper-evident audit log',
  permissions: {
    run: 'security.view',
    operations: {
      'keys.create': 'security.keys',
      'keys.list': 'security.keys',
      'keys.rotate': 'security.keys',
      'keys.revoke': 'security.keys',
      report: 'security.view',
      'threats.list': 'security.view',
      'threats.resolve': 'security.resolve',
      'audit.query': 'security.audit',
      'audit.verify': 'security.audit',
      'vulnerabilities.ingest': 'security.ingest',
    },
  },
})
@Injectable()
export class SecurityOrchestrator extends BaseOrchestrator {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly threats: ThreatService,
    private readonly vulnerabilities: VulnerabilityService,
    private readonly audit: AuditLogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async orchestrate(ctx: OrchestrationContext, input: OrchestrationInput): Promise<StepResult<unknown>> {
    const operation = input.operation;
    if (typeof operation !== 'string' || !(SECURITY_OPERATIONS as readonly string[]).includes(operation))
      return fail('validation', `operation must be one of ${SECURITY_OPERATIONS.join(', ')}`);
    const actor = ctx.principal?.keyId ?? 'system';
    switch (operation as SecurityOperation) {
      case 'keys.create': {
        const checked = validateInput(CreateKeyDto, input.key, 'key');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        const k = checked.value;
        const caller = ctx.principal;
        if (caller && !caller.mayActForOtherTenants && k.scopes?.some((s) => s.startsWith('tenants.')))
          return fail('forbidden', 'key.scopes may not grant tenants.* permissions the caller does not hold');
        const created = await this.keys.create(
          {
            tenantId: ctx.tenantId,
            name: k.name,
            roles: k.roles,
            scopes: k.scopes,
            attributes: { riskTier: k.riskTier, channel: k.channel },
            expiresAt: k.expiresInDays === undefined ? null : this.clock.now() + k.expiresInDays * DAY_MS,
          },
          actor,
        );
        return ok(created);
      }
      case 'keys.list':
        return ok({ keys: await this.keys.list(ctx.tenantId) });
      case 'keys.rotate':
      case 'keys.revoke': {
        const id = input.keyId;
        if (typeof id !== 'string' || !KEY_ID_PATTERN.test(id))
          return fail('validation', 'keyId must look like ck_<16 hex digits>');
        const done =
          operation === 'keys.rotate'
            ? await this.keys.rotate(id, ctx.tenantId, actor)
            : await this.keys.revoke(id, ctx.tenantId, actor);
        return done ? ok(done) : fail('not_found', `No active key ${id} in tenant "${ctx.tenantId}"`);
      }
      case 'report':
        return ok(await this.threats.securityReport(this.scope(ctx, input)));
      case 'threats.list':
        return ok({ threats: await this.threats.list(this.scope(ctx, input)) });
      case 'threats.resolve': {
        const checked = validateInput(ResolveThreatDto, { threatId: input.threatId, note: input.note }, 'input');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        return this.threats.resolve(checked.value.threatId, { tenantId: ctx.tenantId }, actor, checked.value.note);
      }
      case 'audit.query': {
        const checked = validateInput(AuditQueryDto, input.filter ?? {}, 'filter');
        if (!checked.ok) return fail('validation', checked.problems.join('; '));
        const f = checked.value;
        const all = this.scope(ctx, input);
        return ok(
          await this.audit.query({
            tenantId: 'allTenants' in all ? undefined : all.tenantId,
            action: f.action,
            decision: f.decision,
            from: f.from === undefined ? undefined : Date.parse(f.from),
            to: f.to === undefined ? undefined : Date.parse(f.to),
            limit: f.limit,
            cursor: f.cursor,
          }),
        );
      }
      case 'audit.verify':
        return ok(await this.audit.verify());
      case 'vulnerabilities.ingest': {
        const result = await this.vulnerabilities.ingestNpmAudit(input.report);
        return result;
      }
    }
  }

  /**
   * The tenant scope of a read: the context's tenant; every tenant when the input asks for `allTenants` and the
   * caller may act for other tenants (an operator) or is in-process.
   */
  private scope(ctx: OrchestrationContext, input: OrchestrationInput): ThreatScope {
    const may = ctx.principal === undefined || ctx.principal.mayActForOtherTenants;
    return input.allTenants === true && may ? { allTenants: true } : { tenantId: ctx.tenantId };
  }
}
