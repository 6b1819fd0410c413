import type { PrincipalAttributes, Role } from '../../../core/security/principal';

/** A stored API key (its secret is never stored, only its peppered hash). Times are epoch ms. */
export interface ApiKeyRecord {
  readonly prefix: string;
  readonly tenantId: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly scopes: readonly string[];
  readonly attributes: PrincipalAttributes;
  readonly hash: string;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
  /** The key that replaced this one in a rotation. */
  readonly replacedBy: string | null;
}

/** What the API shows of a key: everything but the hash. */
export type ApiKeyView = Omit<ApiKeyRecord, 'hash'> & { readonly status: 'active' | 'expired' | 'revoked' };

export function viewOf(record: ApiKeyRecord, now: number): ApiKeyView {
  const { hash: _hash, ...rest } = record;
  const status =
    record.revokedAt !== null ? 'revoked' : record.expiresAt !== null && record.expiresAt <= now ? 'expired' : 'active';
  return { ...rest, status };
}
