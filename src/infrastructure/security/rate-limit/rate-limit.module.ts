import { Module } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { REDIS_CONNECTION, type RedisConnection } from '../../../core/queue/redis/redis-connection';
import { AdmissionGate } from './admission-gate';
import type { EscalationPolicy } from './escalation';
import { InMemoryRateLimitStore } from './in-memory.rate-limit.store';
import { RateLimitConfig, rateLimitConfig } from './rate-limit.config';
import { RateLimitMetrics } from './rate-limit.metrics';
import { RateLimitService } from './rate-limit.service';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit.store';
import { RedisRateLimitStore } from './redis.rate-limit.store';

/** The escalation rules of the configuration, in milliseconds. */
export function escalationPolicy(config: RateLimitConfig): EscalationPolicy {
  return {
    windowMs: config.violationWindowSeconds * 1000,
    steps: config.cooldowns.map((s) => ({ violations: s.violations, cooldownMs: s.cooldownSeconds * 1000 })),
  };
}

/** Buckets in this process, or in Redis (shared by every instance) when `REDIS_URL` is set. */
function createStore(redis: RedisConnection | null, app: AppConfig, metrics: RateLimitMetrics): RateLimitStore {
  const config = app.rateLimit;
  const policy = escalationPolicy(config);
  const memory = new InMemoryRateLimitStore(policy);
  if (!redis) return memory;
  return new RedisRateLimitStore(redis, memory, {
    keyPrefix: `${app.persistence.redisPrefix}:${config.keyPrefix}:`,
    policy,
    timeoutMs: config.redisTimeoutMs,
    onFallback: () => metrics.fallbacks.value++,
  });
}

/**
 * Rate limits and run admission for the HTTP boundary: exports {@link RateLimitService} and {@link AdmissionGate}.
 * Needs the kernel's `CLOCK`, `MetricsRegistry` and `REDIS_CONNECTION` (null without Redis); the audit log
 * (`AUDIT_LOG`) is looked up on the first denial and skipped when no module provides it.
 */
@Module({
  providers: [
    rateLimitConfig.provider,
    RateLimitMetrics,
    { provide: RATE_LIMIT_STORE, useFactory: createStore, inject: [REDIS_CONNECTION, AppConfig, RateLimitMetrics] },
    RateLimitService,
    {
      provide: AdmissionGate,
      useFactory: (config: RateLimitConfig) =>
        new AdmissionGate({
          maxPerTenant: config.maxConcurrentRunsPerTenant,
          retryAfterSeconds: config.admissionRetryAfterSeconds,
        }),
      inject: [RateLimitConfig],
    },
  ],
  exports: [RateLimitService, AdmissionGate],
})
export class RateLimitModule {}
