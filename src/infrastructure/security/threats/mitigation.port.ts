import type { MitigationAction, SecurityThreat } from './threat.types';

/** What enforcing an action achieved. `expiresAt` (epoch ms) when the action lasts a while (a block, a cooldown). */
export type MitigationOutcome =
  { readonly applied: true; readonly expiresAt?: number } | { readonly applied: false; readonly reason: string };

/** Where the threat was found: `requestBlockable` when the caller refuses the request on `block: true`. */
export interface MitigationContext {
  readonly requestBlockable: boolean;
}

/**
 * Enforces a mitigation action against a threat's subject. `block_request` is enforced by the caller (the
 * inspection answers `block: true` and the request is refused before its handler); `block_ip` and
 * `block_principal` put an entry in the {@link Blocklist}; `rate_limit` forces the principal into a cooldown.
 * An action whose target is unknown (no IP, no key id) or whose enforcer is missing is not applied.
 */
export interface MitigationPort {
  apply(action: MitigationAction, threat: SecurityThreat, context: MitigationContext): Promise<MitigationOutcome>;
}

export const THREAT_MITIGATION = Symbol('THREAT_MITIGATION');

/**
 * Puts a principal (key id) into a cooldown of `seconds` during which the rate limiter refuses it. The rate
 * limiter provides it under {@link FORCE_COOLDOWN}; without a provider the `rate_limit` action is not applied.
 */
export type ForceCooldown = (keyId: string, seconds: number) => void | Promise<void>;

export const FORCE_COOLDOWN = Symbol('FORCE_COOLDOWN');
