import type { Principal } from '../../../core/security/principal';

/**
 * The budgets a request draws on: its API key (`user`), its tenant (`tenant`), its key on one route (`route`),
 * and, for outbound calls, the external `provider`.
 */
export const RateLimitScope = {
  User: 'user',
  Tenant: 'tenant',
  Route: 'route',
  Provider: 'provider',
} as const;
export type RateLimitScope = (typeof RateLimitScope)[keyof typeof RateLimitScope];

export const RATE_LIMIT_SCOPES: readonly RateLimitScope[] = Object.values(RateLimitScope);

/** Why a request was denied: its bucket was empty, or its key is serving an escalation cooldown. */
export const RateLimitReason = {
  RateLimited: 'rate_limited',
  Cooldown: 'cooldown',
} as const;
export type RateLimitReason = (typeof RateLimitReason)[keyof typeof RateLimitReason];

/** The answer to one request; a denial says which scope denied it and when to retry (the `Retry-After` header). */
export type RateLimitDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly scope: RateLimitScope;
      readonly reason: RateLimitReason;
      /** Whole seconds, at least 1. */
      readonly retryAfterSeconds: number;
    };

/** One inbound request to admit. */
export interface ConsumeRequest {
  /** Who calls: the `user` bucket is the key's, the `tenant` bucket the tenant's. */
  readonly principal: Pick<Principal, 'tenantId' | 'keyId'>;
  /**
   * The route as a pattern, not the concrete URL (e.g. `POST /autointel`, `GET /autointel/:workflowId`), so that
   * the number of `route` buckets stays bounded. It also selects the cost from `rateLimit.costs`.
   */
  readonly route: string;
  /** Tokens this request takes from each bucket; default the route's configured cost. */
  readonly cost?: number;
}

/** One outbound call to an external provider. */
export interface ProviderCallRequest {
  /** The provider's name, e.g. `openai`; one bucket per name. */
  readonly provider: string;
  /** The tenant on whose behalf the call is made, for the audit entry. */
  readonly tenantId?: string;
  /** Tokens the call takes; default 1. */
  readonly cost?: number;
}
