import type { Permission } from '../security/permissions';
import type { Principal } from '../security/principal';

/** Why a principal was refused: it lacks the permission, or an attribute rule on the permission does not hold. */
export type AccessDenialReason = 'missing_permission' | 'attribute_mismatch';

export type AccessDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: AccessDenialReason; readonly message: string };

/**
 * Decides whether a principal holds a permission (roles, extra scopes, attribute rules). The owner audits every
 * denial; `resource` names what was asked for (a route, `orchestrator:operation`) in that audit entry.
 */
export interface AccessPolicyPort {
  authorize(principal: Principal, permission: Permission, resource: string, requestId?: string): AccessDecision;
}

export const ACCESS_POLICY = Symbol('ACCESS_POLICY');
