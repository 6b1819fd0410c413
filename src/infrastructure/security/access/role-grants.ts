import { RISK_TIERS, type Principal, type RiskTier, type Role } from '../../../core/security/principal';

/**
 * What each role may do. `*` is every permission, `<area>.*` every action of an area, `*.<action>` that action in
 * every area. Actions used by the built-in routes: `read` (views), `run` (work: orchestrations, submissions,
 * decisions), `admin` (operational changes: breakers, jobs, domains, alerts, the monitoring scheduler). A
 * feature permission outside those actions is granted by name with the work it goes with:
 * `realtime_monitoring.manage` (editing the watched creators and sources, whose new items start runs) to every
 * role that may run work. Security and tenancy permissions (`security.view`, `security.keys`, `security.audit`,
 * `security.resolve`, `security.block`) are named one by one; `tenants.act_as` comes only from a key's scopes (the
 * bootstrap key has it).
 */
export const ROLE_GRANTS: Readonly<Record<Role, readonly string[]>> = {
  viewer: ['*.read'],
  user: ['*.read', '*.run', 'realtime_monitoring.manage'],
  moderator: ['*.read', '*.run', 'realtime_monitoring.manage', 'security.view'],
  ops: ['*.read', '*.run', '*.admin', 'realtime_monitoring.manage', 'security.view', 'ingest.backfill'],
  admin: ['*'],
};

/** An attribute rule on one permission: the key's risk tier must reach `minRiskTier`, its channel be listed. */
export interface AttributeRule {
  readonly minRiskTier?: RiskTier;
  readonly allowedChannels?: readonly string[];
}

/** Attribute rules, checked after the roles grant the permission; a missing attribute fails the rule. */
export const ATTRIBUTE_RULES: Readonly<Record<string, AttributeRule>> = {
  'ingest.backfill': { minRiskTier: 'medium', allowedChannels: ['ops', 'admin'] },
};

/**
 * Whether the grant pattern `grant` covers `permission`. Tenancy permissions (`tenants.*`, e.g. acting for another
 * tenant) are never covered by a pattern, only granted by name: a tenant's admin is not the platform's operator.
 */
export function grantCovers(grant: string, permission: string): boolean {
  if (grant === permission) return true;
  if (permission.startsWith('tenants.')) return false;
  if (grant === '*') return true;
  const dot = permission.indexOf('.');
  if (grant.endsWith('.*')) return grant.slice(0, -2) === permission.slice(0, dot);
  if (grant.startsWith('*.')) return grant.slice(2) === permission.slice(dot + 1);
  return false;
}

export type PolicyOutcome = 'allowed' | 'missing_permission' | 'attribute_mismatch';

/**
 * The access rule: the permission must be covered by a grant of one of the principal's roles (with `extraGrants`
 * from configuration) or by one of its scopes; then the permission's attribute rule, if any, must hold.
 */
export function evaluate(
  principal: Principal,
  permission: string,
  extraGrants: Readonly<Partial<Record<Role, readonly string[]>>> = {},
): PolicyOutcome {
  const grants = [
    ...principal.roles.flatMap((r) => [...(ROLE_GRANTS[r] ?? []), ...(extraGrants[r] ?? [])]),
    ...principal.scopes,
  ];
  if (!grants.some((g) => grantCovers(g, permission))) return 'missing_permission';
  const rule = ATTRIBUTE_RULES[permission];
  if (!rule) return 'allowed';
  const { riskTier, channel } = principal.attributes;
  if (rule.minRiskTier && (!riskTier || RISK_TIERS.indexOf(riskTier) < RISK_TIERS.indexOf(rule.minRiskTier)))
    return 'attribute_mismatch';
  if (rule.allowedChannels && (!channel || !rule.allowedChannels.includes(channel))) return 'attribute_mismatch';
  return 'allowed';
}

/** `["user=greeting.run", ...]` as role → grants. */
export function parseExtraGrants(entries: readonly string[]): Partial<Record<Role, string[]>> {
  const out: Partial<Record<Role, string[]>> = {};
  for (const entry of entries) {
    const [role, grant] = entry.split('=') as [Role, string];
    (out[role] ??= []).push(grant);
  }
  return out;
}
