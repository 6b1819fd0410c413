import { BadRequestException, ForbiddenException } from '@nestjs/common';
import type { Principal } from '../security/principal';

/** Accepted tenant ids: 1-128 letters, digits or `. _ : -`. */
export const TENANT_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Where the security boundary reads which tenant an authorised principal acted for (to audit it). */
export interface ActingForTenant {
  actingForTenant?: string;
}

/**
 * The tenant of a request: the principal's, from its API key. A tenant the request names (`requested`: the
 * `x-tenant-id` header, or `context.tenantId` on the generic route) must be that same tenant, unless the principal
 * may act for other tenants (an admin), in which case it is used and noted on `raw` for the audit log; otherwise
 * 403. Without a principal (authentication turned off for local development) the named tenant is used, else the
 * default one. The one place that decides a request's tenant.
 */
export function requestTenant(
  principal: Principal | undefined,
  requested: string | undefined,
  raw: ActingForTenant,
): string | undefined {
  if (!principal) return requested;
  if (requested === undefined || requested === principal.tenantId) return principal.tenantId;
  if (!principal.mayActForOtherTenants)
    throw new ForbiddenException(
      `this API key belongs to tenant "${principal.tenantId}" and may not act for tenant "${requested}"`,
    );
  raw.actingForTenant = requested;
  return requested;
}

/** The tenant a raw `x-tenant-id` value names (see {@link requestTenant}). */
export function tenantFromHeader(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !TENANT_PATTERN.test(header))
    throw new BadRequestException('x-tenant-id must be 1-128 letters, digits or . _ : -');
  return header;
}
