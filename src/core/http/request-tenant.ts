import { BadRequestException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

/** Accepted tenant ids: 1-128 letters, digits or `. _ : -`. */
export const TENANT_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The tenant of a feature request: the `x-tenant-id` header, `undefined` (the default tenant) when absent; 400
 * naming the header when malformed. The one place that decides a request's tenant, so that replacing the header
 * with an authenticated principal changes this function only.
 */
export function requestTenant(headers: IncomingHttpHeaders): string | undefined {
  return tenantFromHeader(headers['x-tenant-id']);
}

/** The tenant a raw `x-tenant-id` value names (see {@link requestTenant}). */
export function tenantFromHeader(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !TENANT_PATTERN.test(header))
    throw new BadRequestException('x-tenant-id must be 1-128 letters, digits or . _ : -');
  return header;
}
