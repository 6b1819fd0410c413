import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lazyPort, type LazyPort } from '../../../core/lazy/lazy-port';
import { assertNever } from '../../../core/result/step-result';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { BlocklistService } from './blocklist.service';
import {
  FORCE_COOLDOWN,
  type ForceCooldown,
  type MitigationContext,
  type MitigationOutcome,
  type MitigationPort,
} from './mitigation.port';
import { SHARED_PRINCIPALS, type MitigationAction, type SecurityThreat } from './threat.types';
import { ThreatsConfig } from './threats.config';

/**
 * The enforcer: blocklist entries for `block_ip` / `block_principal` (for `threats.blocklistTtlMs`, on every
 * instance), the rate limiter's {@link ForceCooldown} for `rate_limit` (`threats.cooldownSeconds`), and the
 * caller's refusal for `block_request`. A failing cooldown or blocklist write rejects: the threat then stays open.
 */
@Injectable()
export class EnforcingMitigation implements MitigationPort {
  private readonly cooldown: LazyPort<ForceCooldown>;

  constructor(
    private readonly blocklist: BlocklistService,
    private readonly config: ThreatsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    moduleRef: ModuleRef,
  ) {
    this.cooldown = lazyPort(moduleRef, FORCE_COOLDOWN);
  }

  async apply(
    action: MitigationAction,
    threat: SecurityThreat,
    context: MitigationContext,
  ): Promise<MitigationOutcome> {
    const now = this.clock.now();
    const reason = `${threat.threatType}: ${threat.threatId}`;
    switch (action) {
      case 'block_request':
        return context.requestBlockable ? { applied: true } : { applied: false, reason: 'no request to refuse' };
      case 'block_ip': {
        if (threat.sourceIp === undefined) return { applied: false, reason: 'source IP unknown' };
        const entry = await this.blocklist.block('ip', threat.sourceIp, now + this.config.blocklistTtlMs, reason);
        return { applied: true, expiresAt: entry.until };
      }
      case 'block_principal': {
        const principal = usablePrincipal(threat.keyId);
        if (!('keyId' in principal)) return principal;
        const until = now + this.config.blocklistTtlMs;
        const entry = await this.blocklist.block('principal', principal.keyId, until, reason);
        return { applied: true, expiresAt: entry.until };
      }
      case 'rate_limit': {
        const principal = usablePrincipal(threat.keyId);
        if (!('keyId' in principal)) return principal;
        const force = this.cooldown.tryGet();
        if (!force) return { applied: false, reason: 'no rate limiter provides FORCE_COOLDOWN' };
        await force(principal.keyId, this.config.cooldownSeconds);
        return { applied: true, expiresAt: now + this.config.cooldownSeconds * 1000 };
      }
      default:
        return assertNever(action);
    }
  }
}

/** The principal to block or cool down, or why there is none: unknown, or shared by many callers. */
function usablePrincipal(keyId: string | undefined): { readonly keyId: string } | MitigationOutcome {
  if (keyId === undefined) return { applied: false, reason: 'principal unknown' };
  if (SHARED_PRINCIPALS.has(keyId)) return { applied: false, reason: `principal ${keyId} is shared by many callers` };
  return { keyId };
}
