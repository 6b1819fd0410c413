import { Injectable } from '@nestjs/common';
import { type CounterCell, HotCounter } from '../../../core/metrics/hot-path.metrics';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import { RATE_LIMIT_SCOPES, type RateLimitReason, type RateLimitScope } from './rate-limit.types';

/**
 * `rate_limit_denials_total{scope,reason}` (4 scopes × 2 reasons, all present from the start) and
 * `rate_limit_store_fallbacks_total` (Redis mode: decisions taken in memory because Redis did not answer).
 */
@Injectable()
export class RateLimitMetrics {
  private readonly denials: Record<RateLimitScope, Record<RateLimitReason, CounterCell>>;
  readonly fallbacks: CounterCell;

  constructor(registry: MetricsRegistry) {
    const denials = new HotCounter(
      registry.name('rate_limit_denials_total'),
      'Requests and outbound calls denied by the rate limiter, by scope and reason',
      registry,
    );
    const cells = (scope: RateLimitScope) => ({
      rate_limited: denials.cell({ scope, reason: 'rate_limited' }),
      cooldown: denials.cell({ scope, reason: 'cooldown' }),
    });
    this.denials = Object.fromEntries(RATE_LIMIT_SCOPES.map((scope) => [scope, cells(scope)])) as Record<
      RateLimitScope,
      Record<RateLimitReason, CounterCell>
    >;
    const fallbacks = new HotCounter(
      registry.name('rate_limit_store_fallbacks_total'),
      'Rate-limit decisions taken in memory because Redis was not ready, failed or was too slow',
      registry,
    );
    this.fallbacks = fallbacks.cell({});
  }

  denied(scope: RateLimitScope, reason: RateLimitReason): void {
    this.denials[scope][reason].value++;
  }
}
