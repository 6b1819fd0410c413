import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type LazyPort, lazyPort } from '../../../core/lazy/lazy-port';
import { AUDIT_LOG, AuditDecision, type AuditLogPort } from '../../../core/ports/audit-log.port';
import { CLOCK, type Clock } from '../../../core/runtime/clock';
import { RateLimitCostError } from './rate-limit-cost.error';
import { RateLimitConfig } from './rate-limit.config';
import { RateLimitMetrics } from './rate-limit.metrics';
import { type BucketRef, RATE_LIMIT_STORE, type RateLimitStore, type TakeOutcome } from './rate-limit.store';
import {
  type ConsumeRequest,
  type ProviderCallRequest,
  type RateLimitDecision,
  RATE_LIMIT_SCOPES,
  type RateLimitScope,
} from './rate-limit.types';
import { type BucketShape, bucketShape } from './token-bucket';

const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true });

/** Who a denial's audit entry names, and what it adds. */
interface DenialContext {
  readonly tenantId?: string;
  readonly actor: string;
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * The rate limiter. An inbound request draws `cost` tokens at once from three token buckets — its API key's
 * (`user`), its tenant's and its key's on its route — and passes only if all three hold them (a denied request takes
 * nothing). An outbound call draws on its provider's bucket. Denials that repeat escalate to cooldowns, during which
 * every request on the key is denied. Every denial is counted in `rate_limit_denials_total{scope,reason}` and
 * recorded in the audit log (`rate_limit`, resource `<scope>:<key>`).
 *
 * Buckets live in this process, or in Redis when `REDIS_URL` is set, where all instances share them.
 *
 * @example
 * const decision = await rateLimits.consume({ principal, route: 'POST /autointel' });
 * if (!decision.allowed) reply.code(429).header('Retry-After', String(decision.retryAfterSeconds));
 */
@Injectable()
export class RateLimitService {
  private readonly audit: LazyPort<AuditLogPort>;
  private readonly shapes: Record<RateLimitScope, BucketShape>;
  private readonly escalates: Record<RateLimitScope, boolean>;
  private readonly costs: ReadonlyMap<string, number>;
  /** The smallest capacity among the user, tenant and route buckets: no request may cost more. */
  private readonly requestCapacity: number;

  constructor(
    private readonly config: RateLimitConfig,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: RateLimitMetrics,
    moduleRef: ModuleRef,
  ) {
    this.audit = lazyPort(moduleRef, AUDIT_LOG);
    const scopes = config.scopes;
    const byScope = <T>(f: (scope: RateLimitScope) => T) =>
      Object.fromEntries(RATE_LIMIT_SCOPES.map((s) => [s, f(s)])) as Record<RateLimitScope, T>;
    this.shapes = byScope((s) => bucketShape(scopes[s].perMinute, scopes[s].burst));
    this.escalates = byScope((s) => scopes[s].escalate);
    this.costs = new Map(config.costs.map((c) => [c.route, c.cost]));
    this.requestCapacity = Math.min(scopes.user.burst, scopes.tenant.burst, scopes.route.burst);
    for (const [route, cost] of this.costs) this.checkCost(cost, this.requestCapacity, `"${route}"`);
  }

  /** Whether limits apply (`rateLimit.enabled`). */
  get enabled(): boolean {
    return this.config.enabled;
  }

  /** Tokens a request on `route` takes: its entry in `rateLimit.costs`, else `rateLimit.defaultCost`. */
  costOf(route: string): number {
    return this.costs.get(route) ?? this.config.defaultCost;
  }

  /**
   * Admits or denies one inbound request. Throws {@link RateLimitCostError} for a cost that is not a whole number
   * from 1 to the smallest burst of the three scopes.
   */
  consume(request: ConsumeRequest): RateLimitDecision | Promise<RateLimitDecision> {
    if (!this.config.enabled) return ALLOWED;
    const cost = request.cost ?? this.costOf(request.route);
    this.checkCost(cost, this.requestCapacity, request.route);
    const { tenantId, keyId } = request.principal;
    const buckets = [
      this.bucket('user', keyId),
      this.bucket('tenant', tenantId),
      this.bucket('route', `${keyId}:${request.route}`),
    ];
    const outcome = this.store.take(buckets, cost, this.clock.now());
    // An allowed request from memory (the usual one) allocates no closure.
    if (!(outcome instanceof Promise)) return this.decided(outcome, buckets, request, cost);
    return outcome.then((o) => this.decided(o, buckets, request, cost));
  }

  private decided(
    outcome: TakeOutcome,
    buckets: readonly BucketRef[],
    request: ConsumeRequest,
    cost: number,
  ): RateLimitDecision {
    if (outcome.allowed) return ALLOWED;
    const { tenantId, keyId } = request.principal;
    return this.deny(buckets[outcome.index], outcome, {
      tenantId,
      actor: keyId,
      extra: { route: request.route, cost },
    });
  }

  /** Admits or denies one outbound call to a provider (scope `provider`, one bucket per provider name). */
  async consumeProvider(request: ProviderCallRequest): Promise<RateLimitDecision> {
    if (!this.config.enabled) return ALLOWED;
    const cost = request.cost ?? 1;
    this.checkCost(cost, this.shapes.provider.capacity, `provider ${request.provider}`);
    const bucket = this.bucket('provider', request.provider);
    const outcome = await this.store.take([bucket], cost, this.clock.now());
    if (outcome.allowed) return ALLOWED;
    return this.deny(bucket, outcome, { tenantId: request.tenantId, actor: 'system', extra: { cost } });
  }

  /**
   * Puts an API key in cooldown for `seconds` (a threat mitigation): every request with the key is denied with
   * `cooldown` until then. A cooldown already in force that ends later is kept. Resolves to the seconds the key's
   * cooldown now has left.
   */
  async forceCooldown(keyId: string, seconds: number): Promise<number> {
    if (!(Number.isFinite(seconds) && seconds > 0)) {
      throw new RangeError(`A cooldown needs a positive number of seconds, got ${seconds}`);
    }
    const now = this.clock.now();
    const until = await this.store.cooldown({ id: `user:${keyId}` }, now + seconds * 1000, now);
    return Math.ceil((until - now) / 1000);
  }

  private bucket(scope: RateLimitScope, key: string): BucketRef {
    return { scope, key, id: `${scope}:${key}`, shape: this.shapes[scope], escalate: this.escalates[scope] };
  }

  private checkCost(cost: number, capacity: number, what: string): void {
    if (!Number.isInteger(cost) || cost < 1 || cost > capacity) {
      throw new RateLimitCostError(
        `Rate-limit cost of ${what} must be a whole number from 1 to ${capacity}, got ${cost}`,
      );
    }
  }

  private deny(
    bucket: BucketRef,
    outcome: TakeOutcome & { allowed: false },
    context: DenialContext,
  ): RateLimitDecision {
    const retryAfterSeconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
    this.metrics.denied(bucket.scope, outcome.reason);
    this.audit.tryGet()?.record({
      tenantId: context.tenantId,
      actor: context.actor,
      action: 'rate_limit',
      resource: bucket.id,
      decision: AuditDecision.Deny,
      reason: outcome.reason,
      severity: 'low',
      extra: { ...context.extra, retryAfterSeconds },
    });
    return { allowed: false, scope: bucket.scope, reason: outcome.reason, retryAfterSeconds };
  }
}
