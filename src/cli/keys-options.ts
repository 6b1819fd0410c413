import { TENANT_PATTERN } from '../core/http/request-tenant';

/** Parsed options of a `keys` command: repeatable ones as lists, flags as booleans. */
export type RawOptions = Record<string, string[] | boolean | undefined>;

/** The value of an option that may be given at most once. */
export function single(values: RawOptions, name: string): string | undefined {
  const given = values[name];
  if (!Array.isArray(given)) return undefined;
  if (given.length > 1) throw new Error(`--${name} may be given once, got ${given.length} times`);
  return given[0];
}

/** The values of a repeatable option, each once. */
export function many(values: RawOptions, name: string): string[] {
  const given = values[name];
  return Array.isArray(given) ? [...new Set(given)] : [];
}

/** A tenant id, by the rule the REST routes apply to `x-tenant-id`. */
export function checkTenant(tenantId: string): string {
  if (!TENANT_PATTERN.test(tenantId))
    throw new Error(`--tenant must be 1-128 letters, digits or . _ : -, got "${tenantId}"`);
  return tenantId;
}
