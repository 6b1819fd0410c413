import { Inject, Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { AuditDecision } from '../../core/ports/audit-log.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { validateInput } from '../../core/validation/validate-input';
import { CreateKeyDto } from './dto/create-key.dto';
import { AuditLogService } from './audit/audit-log.service';
import { AuditQueryDto } from './dto/audit-query.dto';
import { BlockDto, BlockSubjectDto } from './dto/block.dto';
import { ResolveThreatDto } from './dto/resolve-threat.dto';
import { ApiKeyService } from './keys/api-key.service';
import { KEY_ID_PATTERN } from './security.config';
import type { BlockEntry } from './threats/blocklist';
import { BlocklistService } from './threats/blocklist.service';
import { ThreatService } from './threats/threat.service';
import { ThreatsConfig } from './threats/threats.config';
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
  'blocklist.list',
  'blocklist.add',
  'blocklist.remove',
] as const;
export type SecurityOperation = (typeof SECURITY_OPERATIONS)[number];
type BlocklistOperation = Extract<SecurityOperation, `blocklist.${string}`>;

const DAY_MS = 86_400_000;

/** A blocklist entry as the API shows it (`until` as an ISO-8601 time). */
const view = (e: BlockEntry) => ({
  kind: e.kind,
  value: e.value,
  until: new Date(e.until).toISOString(),
  reason: e.reason,
});

/**
 * The `security` orchestrator (infrastructure): API key management for the caller's tenant, threats, the audit
 * log, vulnerability reports and the blocklist; each operation needs the permission listed below. The caller is
 * the context's principal (an in-process caller such as the CLI acts as `system`).
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
      'blocklist.list': 'security.block',
      'blocklist.add': 'security.block',
      'blocklist.remove': 'security.block',
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
    private readonly blocklist: BlocklistService,
    private readonly threatsConfig: ThreatsConfig,
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
      case 'blocklist.list':
      case 'blocklist.add':
      case 'blocklist.remove':
        return this.blocklistOperation(operation as BlocklistOperation, ctx, input, actor);
    }
  }

  /**
   * The blocklist applies to every tenant: only an operator (a caller who may act for other tenants, or an
   * in-process one) reads or changes it. Changes are audited and reach every instance.
   */
  private async blocklistOperation(
    operation: BlocklistOperation,
    ctx: OrchestrationContext,
    input: OrchestrationInput,
    actor: string,
  ): Promise<StepResult<unknown>> {
    if (ctx.principal !== undefined && !ctx.principal.mayActForOtherTenants)
      return fail('forbidden', 'the blocklist applies to every tenant: only an operator may read or change it');
    if (operation === 'blocklist.list') return ok({ entries: (await this.blocklist.stored()).map(view) });
    if (operation === 'blocklist.remove') {
      const checked = validateInput(BlockSubjectDto, { kind: input.kind, value: input.value }, 'input');
      if (!checked.ok) return fail('validation', checked.problems.join('; '));
      const { kind, value } = checked.value;
      if (!(await this.blocklist.unblock(kind, value)))
        return fail('not_found', `No blocklist entry for ${kind} ${value}`);
      this.audit.record({
        actor,
        action: 'blocklist_removed',
        resource: `${kind}:${value}`,
        decision: AuditDecision.Info,
        severity: 'medium',
      });
      return ok({ removed: { kind, value } });
    }
    const checked = validateInput(BlockDto, input.entry, 'entry');
    if (!checked.ok) return fail('validation', checked.problems.join('; '));
    const b = checked.value;
    const ttlMs = b.ttlSeconds === undefined ? this.threatsConfig.blocklistTtlMs : b.ttlSeconds * 1000;
    const entry = await this.blocklist.block(b.kind, b.value, this.clock.now() + ttlMs, b.reason.trim());
    this.audit.record({
      actor,
      action: 'blocklist_added',
      resource: `${b.kind}:${b.value}`,
      decision: AuditDecision.Block,
      reason: b.reason.trim(),
      severity: 'medium',
      extra: { until: view(entry).until },
    });
    return ok({ entry: view(entry) });
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
