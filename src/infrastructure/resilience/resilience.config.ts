import { IsBoolean, IsIn, IsInt, IsNumber, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

export const RESILIENCE_STRATEGIES = [
  'fail_fast',
  'graceful_degrade',
  'retry',
  'circuit_breaker',
  'adaptive_routing',
] as const;

/** The resilience orchestrator (infrastructure); every duration in ms. */
export class ResilienceConfig {
  /** Strategy of a call that names none. Default `fail_fast`. */
  @IsIn(RESILIENCE_STRATEGIES) defaultStrategy: (typeof RESILIENCE_STRATEGIES)[number] = 'fail_fast';
  /** Calls in total under `retry` (not retries). Default 3. */
  @IsInt() @Min(1) @Max(100) retryAttempts = 3;
  /** Backoff before retry k (0-based): `min(base · 2^k, max)`, then jitter. Defaults 1000 and 30000. */
  @IsInt() @Min(0) @Max(3_600_000) retryBaseDelayMs = 1000;
  /** The backoff's cap (`max` above). Default 30000. */
  @IsInt() @Min(0) @Max(3_600_000) retryMaxDelayMs = 30_000;
  /** Multiply each delay by U[0.5, 1.5) (capped at the maximum). Default true. */
  @IsBoolean() retryJitter = true;
  /** Consecutive failures that open a breaker. Default 5. */
  @IsInt() @Min(1) @Max(10_000) breakerFailureThreshold = 5;
  /** Failure fraction of the recent window that opens a breaker. Default 0.5. */
  @IsNumber() @Min(0.01) @Max(1) breakerFailureRate = 0.5;
  /** Calls the window needs before the rate rule applies. Default 10. */
  @IsInt() @Min(1) @Max(100_000) breakerMinimumRequests = 10;
  /** Newest calls the window keeps. Default 100. */
  @IsInt() @Min(1) @Max(100_000) breakerWindowSize = 100;
  /** Oldest call the window keeps. Default 300000 (5 min). */
  @IsInt() @Min(1000) @Max(86_400_000) breakerWindowMaxAgeMs = 300_000;
  /** How long an open breaker rejects before it admits probes. Default 60000. */
  @IsInt() @Min(1) @Max(86_400_000) breakerRecoveryTimeoutMs = 60_000;
  /** Probe successes that close a half-open breaker. Default 2. */
  @IsInt() @Min(1) @Max(1000) breakerSuccessThreshold = 2;
  /** Probes a half-open breaker lets run at once; more are rejected as unavailable. Default 3. */
  @IsInt() @Min(1) @Max(1000) breakerHalfOpenMaxCalls = 3;
  /** A call under a breaker that runs longer fails as a timeout (its signal is aborted). Default 30000. */
  @IsInt() @Min(1) @Max(3_600_000) callTimeoutMs = 30_000;
  /** Recent calls per service that health is computed over. Default 100. */
  @IsInt() @Min(1) @Max(100_000) healthWindowSize = 100;
  /** A service is unhealthy below this success rate (over the window). Default 0.7. */
  @IsNumber() @Min(0) @Max(1) healthMinSuccessRate = 0.7;
  /** … or above this mean latency (over the same window). Default 5000. */
  @IsInt() @Min(1) @Max(3_600_000) healthMaxMeanLatencyMs = 5000;
  /** Period of the health monitor job. Default 30000. */
  @IsInt() @Min(100) @Max(86_400_000) healthCheckEveryMs = 30_000;
  /** Adapt routing weights (×1.1 on a fast success, ×0.9 otherwise). Default true. */
  @IsBoolean() routingEnabled = true;
  /** The lowest routing weight. Default 0.1. */
  @IsNumber() @Min(0.001) @Max(1) routingMinWeight = 0.1;
  /** The highest routing weight. Default 2. */
  @IsNumber() @Min(1) @Max(1000) routingMaxWeight = 2.0;
  /** A success slower than this lowers the weight. Default 5000. */
  @IsInt() @Min(1) @Max(3_600_000) routingSlowMs = 5000;
  /** Distinct `service` metric labels; later services share the label `other`. Default 200. */
  @IsInt() @Min(1) @Max(100_000) maxServiceLabels = 200;
  /** Snapshot breaker states to the database and restore them at boot. Default true. */
  @IsBoolean() persistBreakers = true;
  /** With Redis, announce an opened breaker to the other instances, which open theirs. Default true. */
  @IsBoolean() shareBreakers = true;
}

export const resilienceConfig = defineConfigSection({ key: 'resilience', schema: ResilienceConfig });

declare module '../../core/config/app-config' {
  interface AppConfig {
    resilience: ResilienceConfig;
  }
}
