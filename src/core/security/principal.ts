/** Role names of the access policy; each role's permissions come from `security.roles` in the configuration. */
export const ROLES = ['viewer', 'user', 'moderator', 'ops', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Risk tiers of the attribute overlay, lowest first: a rule's `minRiskTier` admits that tier and the ones above. */
export const RISK_TIERS = ['low', 'medium', 'high'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** Attributes of a key that attribute rules read (a rule may require a minimum risk tier or one of some channels). */
export interface PrincipalAttributes {
  readonly riskTier?: RiskTier;
  readonly channel?: string;
}

/**
 * Who a request acts as: the API key it authenticated with. The tenant of everything the request reads or writes
 * is `tenantId`, taken from the key and never from the request itself.
 */
export interface Principal {
  readonly tenantId: string;
  /** The key's id (its public prefix), or `anonymous` / `system` for the principals below. */
  readonly keyId: string;
  readonly roles: readonly Role[];
  /** Extra permissions (same syntax as role permissions); they add to the roles, never remove. */
  readonly scopes: readonly string[];
  readonly attributes: PrincipalAttributes;
  /**
   * Whether this principal may act for another tenant (an admin's explicit `x-tenant-id`, or `context.tenantId` on
   * the generic route); such requests are audited. Decided by the access policy when the key is authenticated.
   */
  readonly mayActForOtherTenants: boolean;
}
