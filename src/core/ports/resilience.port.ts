import type { StepResult } from '../result/step-result';

/** How a call is protected. */
export const ResilienceStrategy = {
  /** One call; an error is the result (the fallback is never used). */
  FailFast: 'fail_fast',
  /** One call; on error the fallback's value, marked `degraded`. */
  GracefulDegrade: 'graceful_degrade',
  /** Up to `attempts` calls with capped exponential backoff and jitter; then the fallback if any. */
  Retry: 'retry',
  /** Through the service's circuit breaker; while it is open the fallback if any, else `unavailable`. */
  CircuitBreaker: 'circuit_breaker',
  /** The best of several candidates by routing weight × health, skipping open breakers, falling through on error. */
  AdaptiveRouting: 'adaptive_routing',
} as const;
export type ResilienceStrategy = (typeof ResilienceStrategy)[keyof typeof ResilienceStrategy];
export const RESILIENCE_STRATEGY_VALUES: readonly ResilienceStrategy[] = Object.values(ResilienceStrategy);

/** The protected work. It must stop (or at least stop mattering) when `signal` aborts. */
export type ResilientOperation<T> = (signal: AbortSignal) => Promise<T>;

/** One named target of adaptive routing (e.g. one LLM provider); its name is its service for health and breakers. */
export interface RouteCandidate<T> {
  readonly name: string;
  readonly run: ResilientOperation<T>;
}

export interface RetryOptions {
  /** Calls in total (default from config: 3). */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** No retry starts after this many ms from the first call; running calls are aborted then. */
  readonly deadlineMs?: number;
  /** Whether an error is worth another call. Default: not for errors with `retryable: false` or category `validation`. */
  readonly retryOn?: (error: unknown) => boolean;
}

export interface ExecuteOptions<T> {
  /** Default from config (`resilience.defaultStrategy`, `fail_fast`). */
  readonly strategy?: ResilienceStrategy;
  readonly fallback?: ResilientOperation<T>;
  /** Per call; under a breaker the default is `resilience.callTimeoutMs`. */
  readonly timeoutMs?: number;
  /** The caller's cancellation; aborts the running call and stops retries. */
  readonly signal?: AbortSignal;
  readonly retry?: RetryOptions;
}

/**
 * What a successful execution returns under `data`: the work's own value is `value`, so a caller reads
 * `result.data.value`, never a second `data`.
 */
export interface ResilientValue<T> {
  readonly service: string;
  readonly strategy: ResilienceStrategy;
  /** The primary's (or fallback's) value. */
  readonly value: T;
  /** True when the fallback served it. */
  readonly degraded: boolean;
  /** Calls made (retries and routed candidates count). */
  readonly attempts: number;
  /** With adaptive routing, the candidate that answered. */
  readonly candidate?: string;
  /** Wall time of the whole execution, backoff included. */
  readonly executionMs: number;
}

/**
 * Runs work under a resilience strategy. Never throws for the work's errors: they come back as `error` results
 * (`timeout` for timeouts, `unavailable` and retryable while a breaker is open, `validation` for bad arguments).
 */
export interface ResiliencePort {
  execute<T>(
    service: string,
    primary: ResilientOperation<T> | readonly RouteCandidate<T>[],
    options?: ExecuteOptions<T>,
  ): Promise<StepResult<ResilientValue<T>>>;
}

export const RESILIENCE = Symbol('RESILIENCE');
