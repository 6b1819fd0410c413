import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AppConfig, type ResilienceConfig } from '../../core/config/app-config';
import {
  RESILIENCE_STRATEGY_VALUES,
  ResilienceStrategy,
  type ExecuteOptions,
  type ResiliencePort,
  type ResilientOperation,
  type ResilientValue,
  type RouteCandidate,
} from '../../core/ports/resilience.port';
import { isErrorCategory, type ErrorCategory } from '../../core/result/error-category';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { RANDOM_SOURCE, type RandomSource } from '../../core/runtime/random';
import { BreakerState, CircuitBreaker, type Admission, type TransitionCause } from './circuit-breaker';
import { CallAbortedError, CallTimeoutError, runCall } from './call';
import { ResilienceMetrics, type ResilienceOutcome } from './resilience.metrics';
import { isRetryableError, retry, type RetryPolicy } from './retry';
import { ServiceHealth, type HealthSnapshot } from './service-health';

/** Event names (EventEmitter2); payloads are {@link BreakerEvent} and {@link HealthChangedEvent}. */
export const ResilienceEvents = {
  BreakerOpened: 'breaker.opened',
  BreakerHalfOpen: 'breaker.half_open',
  BreakerClosed: 'breaker.closed',
  ServiceHealthChanged: 'service.health_changed',
} as const;

export interface BreakerEvent {
  readonly service: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  readonly at: number;
  readonly cause: TransitionCause;
}

export interface HealthChangedEvent {
  readonly service: string;
  readonly healthy: boolean;
  readonly successRate: number;
  readonly avgLatencyMs: number;
}

export interface BreakerSummary {
  readonly state: BreakerState;
  readonly total: number;
  readonly successful: number;
  readonly failed: number;
  readonly timeouts: number;
  readonly rejected: number;
  readonly timesOpened: number;
  readonly consecutiveFailures: number;
  readonly failureRate: number;
  readonly openedSince?: number;
}

export interface ResilienceSummary {
  /** True while any breaker is open. */
  readonly degradationMode: boolean;
  /** `max(0, 100 − 20·degradation − 10·open breakers − 5·unhealthy services)`, the original hub's score. */
  readonly score: number;
  readonly breakers: Record<string, BreakerSummary>;
  readonly services: Record<string, HealthSnapshot>;
}

type Outcome<T> =
  | { readonly ok: true; readonly value: T; readonly degraded: boolean; readonly attempts: number; readonly candidate?: string; readonly endedAt?: number }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number; readonly rejected?: boolean };

const SERVICE_NAME = /^[A-Za-z0-9._:/-]{1,200}$/;
const REJECTED: Outcome<never> = { ok: false, error: undefined, attempts: 0, rejected: true };

/**
 * The resilience engine behind the `resilience` orchestrator and the {@link ResiliencePort}: strategies, one
 * circuit breaker and one health record per service, routing weights, metrics and events. In memory per
 * instance; breaker states are also snapshotted and shared by `BreakerPersistence` and `BreakerBus`.
 */
@Injectable()
export class ResilienceService implements ResiliencePort {
  private readonly logger = new Logger('ResilienceOrchestrator');
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly health = new Map<string, ServiceHealth>();
  private readonly transitionListeners: ((event: BreakerEvent, breaker: CircuitBreaker) => void)[] = [];
  private readonly options: ResilienceConfig;
  /** Service names already checked against the pattern (bounded). */
  private readonly knownServices = new Set<string>();

  constructor(
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
    private readonly metrics: ResilienceMetrics,
    private readonly events: EventEmitter2,
  ) {
    this.options = config.resilience;
  }

  async execute<T>(service: string, primary: ResilientOperation<T> | readonly RouteCandidate<T>[], options: ExecuteOptions<T> = {}): Promise<StepResult<ResilientValue<T>>> {
    const invalid = validate(service, primary, options, this.knownServices);
    if (invalid) return fail('validation', invalid, { retryable: false });
    const strategy = options.strategy ?? this.options.defaultStrategy;
    const started = this.clock.monotonic();
    let outcome: Outcome<T>;
    if (typeof primary === 'function' && (strategy === ResilienceStrategy.CircuitBreaker || strategy === ResilienceStrategy.FailFast || strategy === ResilienceStrategy.Retry)) {
      // The first call runs inline (the common, benchmarked case); the retry machinery starts only after a failure.
      const guard = strategy === ResilienceStrategy.CircuitBreaker;
      const breaker = guard ? this.breaker(service) : undefined;
      const admission = breaker?.admit();
      if (admission && !admission.admitted) outcome = REJECTED as Outcome<T>;
      else {
        try {
          const data = await runCall(primary, guard ? (options.timeoutMs ?? this.options.callTimeoutMs) : options.timeoutMs, options.signal);
          const endedAt = this.clock.monotonic();
          if (admission) breaker!.success(admission, endedAt);
          this.healthOf(service).record(true, endedAt - started);
          return this.succeeded(service, strategy, data, false, 1, undefined, endedAt - started);
        } catch (error) {
          if (admission && !CallAbortedError.is(error)) breaker!.failure(admission, CallTimeoutError.is(error));
          const wantsRetry = strategy === ResilienceStrategy.Retry || options.retry !== undefined;
          outcome =
            wantsRetry && !CallAbortedError.is(error)
              ? await this.retrying(service, (signal) => (guard ? this.guarded(service, primary, options.timeoutMs, signal) : this.once(primary, options.timeoutMs, signal)), options, error)
              : { ok: false, error, attempts: 1 };
          if (outcome.ok || !(outcome.rejected && outcome.attempts === 0) && !CallAbortedError.is(outcome.error)) {
            this.healthOf(service).record(outcome.ok, this.clock.monotonic() - started);
          }
        }
      }
      if (strategy !== ResilienceStrategy.FailFast && !outcome.ok) outcome = await this.withFallback(outcome, options);
    } else outcome = await this.run(service, strategy, primary, options);
    const executionMs = this.clock.monotonic() - started;
    if (outcome.ok) {
      this.metrics.record(service, outcome.degraded ? 'degraded' : 'success', executionMs / 1000);
      return this.succeeded(service, strategy, outcome.value, outcome.degraded, outcome.attempts, outcome.candidate, executionMs, false);
    }
    const { category, retryable, label } = classify(outcome.error, outcome.rejected === true);
    this.metrics.record(service, label, executionMs / 1000);
    const message = outcome.rejected ? `Circuit breaker '${service}' is open - service unavailable` : errorText(outcome.error);
    return fail(category, `Resilience execution failed: ${message}`, { retryable, data: { service, strategy, executionMs, attempts: outcome.attempts, error: message } as never });
  }

  private succeeded<T>(service: string, strategy: ResilienceStrategy, data: T, degraded: boolean, attempts: number, candidate: string | undefined, executionMs: number, record = true): StepResult<ResilientValue<T>> {
    if (record) this.metrics.record(service, degraded ? 'degraded' : 'success', executionMs / 1000);
    return ok(candidate === undefined ? { service, strategy, data, degraded, attempts, executionMs } : { service, strategy, data, degraded, attempts, candidate, executionMs });
  }

  /** The breaker of `service`, created on first use. */
  breaker(service: string): CircuitBreaker {
    let breaker = this.breakers.get(service);
    if (!breaker) {
      const o = this.options;
      breaker = new CircuitBreaker(
        service,
        {
          failureThreshold: o.breakerFailureThreshold,
          failureRate: o.breakerFailureRate,
          minimumRequests: o.breakerMinimumRequests,
          windowSize: o.breakerWindowSize,
          windowMaxAgeMs: o.breakerWindowMaxAgeMs,
          recoveryTimeoutMs: o.breakerRecoveryTimeoutMs,
          successThreshold: o.breakerSuccessThreshold,
          halfOpenMaxCalls: o.breakerHalfOpenMaxCalls,
        },
        this.clock,
        (from, to, b, cause) => this.onTransition(from, to, b, cause),
      );
      this.breakers.set(service, breaker);
      this.metrics.breakerState(service, BreakerState.Closed);
    }
    return breaker;
  }

  findBreaker(service: string): CircuitBreaker | undefined {
    return this.breakers.get(service);
  }

  healthOf(service: string): ServiceHealth {
    let health = this.health.get(service);
    if (!health) {
      const o = this.options;
      health = new ServiceHealth({
        windowSize: o.healthWindowSize,
        minSuccessRate: o.healthMinSuccessRate,
        maxMeanLatencyMs: o.healthMaxMeanLatencyMs,
        routingEnabled: o.routingEnabled,
        minWeight: o.routingMinWeight,
        maxWeight: o.routingMaxWeight,
        slowMs: o.routingSlowMs,
      });
      this.health.set(service, health);
    }
    return health;
  }

  /** An operator action on a breaker (open creates it); undefined when closing or resetting an unknown one. */
  act(service: string, action: 'open' | 'close' | 'reset'): BreakerSummary | undefined {
    if (action === 'open') this.breaker(service).forceOpen();
    else {
      const breaker = this.findBreaker(service);
      if (!breaker) return undefined;
      if (action === 'close') breaker.forceClose();
      else breaker.reset();
    }
    return this.summary().breakers[service];
  }

  /** Called on every breaker state change (after metrics, logs and events). */
  onBreakerTransition(listener: (event: BreakerEvent, breaker: CircuitBreaker) => void): void {
    this.transitionListeners.push(listener);
  }

  /** One monitor pass: stores each service's verdict on its window; logs and emits each change. */
  checkHealth(): number {
    let changed = 0;
    const now = this.clock.now();
    for (const [service, health] of this.health) {
      const healthy = health.evaluate();
      health.lastCheck = now;
      if (healthy === health.healthy) continue;
      health.healthy = healthy;
      changed++;
      const { successRate, avgLatencyMs } = health.stats();
      const event: HealthChangedEvent = { service, healthy, successRate, avgLatencyMs };
      this.logger.log({ event: 'service_health_changed', service, old_status: healthy ? 'unhealthy' : 'healthy', new_status: healthy ? 'healthy' : 'unhealthy', success_rate: successRate, avg_latency_ms: avgLatencyMs });
      this.events.emit(ResilienceEvents.ServiceHealthChanged, event);
    }
    return changed;
  }

  summary(): ResilienceSummary {
    const breakers: Record<string, BreakerSummary> = {};
    for (const [service, b] of this.breakers) breakers[service] = { state: b.state, ...b.stats, failureRate: b.failureRate(), openedSince: b.openedSince };
    const services: Record<string, HealthSnapshot> = {};
    for (const [service, h] of this.health) services[service] = h.snapshot();
    const open = Object.values(breakers).filter((b) => b.state === BreakerState.Open).length;
    const unhealthy = Object.values(services).filter((s) => !s.healthy).length;
    const degradationMode = open > 0;
    return { degradationMode, score: Math.max(0, 100 - (degradationMode ? 20 : 0) - 10 * open - 5 * unhealthy), breakers, services };
  }

  private async run<T>(service: string, strategy: ResilienceStrategy, primary: ResilientOperation<T> | readonly RouteCandidate<T>[], options: ExecuteOptions<T>): Promise<Outcome<T>> {
    if (strategy === ResilienceStrategy.AdaptiveRouting) return this.withFallback(await this.route(service, primary, options), options);
    const op = typeof primary === 'function' ? primary : primary[0].run;
    switch (strategy) {
      case ResilienceStrategy.FailFast:
        return this.recorded(service, () => this.once(op, options.timeoutMs, options.signal));
      case ResilienceStrategy.GracefulDegrade: {
        const outcome = await this.recorded(service, () => this.once(op, options.timeoutMs, options.signal));
        if (!outcome.ok) this.logger.warn({ event: 'primary_function_failed', service, fallback: options.fallback !== undefined, err: errorText(outcome.error) });
        return this.withFallback(outcome, options);
      }
      case ResilienceStrategy.Retry:
        return this.withFallback(await this.recorded(service, () => this.retrying(service, (signal) => this.once(op, options.timeoutMs, signal), options)), options);
      case ResilienceStrategy.CircuitBreaker:
        return this.withFallback(await this.recorded(service, () => this.retrying(service, (signal) => this.guarded(service, op, options.timeoutMs, signal), options)), options);
      default:
        return { ok: false, error: new Error(`Unknown resilience strategy: ${String(strategy)}`), attempts: 0 };
    }
  }

  private async once<T>(op: ResilientOperation<T>, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await runCall(op, timeoutMs, signal), degraded: false, attempts: 1 };
    } catch (error) {
      return { ok: false, error, attempts: 1 };
    }
  }

  /** One call through the service's breaker. */
  private async guarded<T>(service: string, op: ResilientOperation<T>, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<Outcome<T>> {
    const breaker = this.breaker(service);
    const admission: Admission = breaker.admit();
    if (!admission.admitted) return { ok: false, error: undefined, attempts: 0, rejected: true };
    const outcome = await this.once(op, timeoutMs ?? this.options.callTimeoutMs, signal);
    if (outcome.ok) breaker.success(admission);
    else if (!CallAbortedError.is(outcome.error)) breaker.failure(admission, CallTimeoutError.is(outcome.error));
    return outcome;
  }

  /** `attempt` once, or under the retry policy when the strategy is retry or `options.retry` asks for it. */
  private async retrying<T>(service: string, attempt: (signal: AbortSignal | undefined) => Promise<Outcome<T>>, options: ExecuteOptions<T>, firstError?: unknown): Promise<Outcome<T>> {
    const wanted = options.strategy === ResilienceStrategy.Retry || options.retry !== undefined;
    if (!wanted) return attempt(options.signal);
    let last: Outcome<T> | undefined = firstError === undefined ? undefined : { ok: false, error: firstError, attempts: 1 };
    if (last) this.logger.warn({ event: 'retry_attempt', service, attempt: 1, max_attempts: this.policy(options).attempts, err: errorText(firstError) });
    const policy = this.policy(options);
    const result = await retry(
      async (n) => {
        last = await attempt(options.signal);
        if (last.ok) return last;
        if (n < policy.attempts && !last.rejected) this.logger.warn({ event: 'retry_attempt', service, attempt: n, max_attempts: policy.attempts, err: errorText(last.error) });
        throw last.rejected ? Object.assign(new Error('breaker open'), { retryable: false }) : last.error;
      },
      { ...policy, retryOn: (e) => policy.retryOn(e) && !CallAbortedError.is(e) },
      { random: this.random, now: () => this.clock.monotonic(), sleep, signal: options.signal },
      last ? { error: firstError } : undefined,
    );
    if (result.ok) return { ...result.value, attempts: result.attempts };
    if (result.stop === 'exhausted') this.logger.warn({ event: 'all_retries_failed', service, attempts: result.attempts });
    return { ...(last as Outcome<T>), attempts: result.attempts } as Outcome<T>;
  }

  private policy(options: ExecuteOptions<unknown>): RetryPolicy {
    const r = options.retry ?? {};
    return {
      attempts: r.attempts ?? this.options.retryAttempts,
      baseDelayMs: r.baseDelayMs ?? this.options.retryBaseDelayMs,
      maxDelayMs: r.maxDelayMs ?? this.options.retryMaxDelayMs,
      jitter: this.options.retryJitter,
      deadlineMs: r.deadlineMs,
      retryOn: r.retryOn ?? isRetryableError,
    };
  }

  /** Candidates by routing weight × recent success rate, skipping open breakers, trying the next on failure. */
  private async route<T>(service: string, primary: ResilientOperation<T> | readonly RouteCandidate<T>[], options: ExecuteOptions<T>): Promise<Outcome<T>> {
    const candidates = typeof primary === 'function' ? [{ name: service, run: primary }] : primary;
    // Rank by weight × recent success rate; ties keep the caller's order (a stable sort).
    const ranked = candidates.length === 1 ? candidates : [...candidates].sort((a, b) => this.score(b.name) - this.score(a.name));
    let attempts = 0;
    let last = REJECTED as Extract<Outcome<T>, { ok: false }>;
    for (const c of ranked) {
      const outcome = await this.recorded(c.name, () => this.guarded(c.name, c.run, options.timeoutMs, options.signal));
      attempts += outcome.attempts;
      if (outcome.ok) return { ok: true, value: outcome.value, degraded: false, attempts, candidate: c.name };
      if (!outcome.rejected || last.rejected) last = outcome;
      if (CallAbortedError.is(outcome.error)) break;
      this.logger.debug({ event: 'adaptive_routing_next', service, candidate: c.name, rejected: outcome.rejected === true });
    }
    return { ok: false, error: last.error, attempts, rejected: last.rejected };
  }

  private score(candidate: string): number {
    const h = this.healthOf(candidate);
    return h.weight * h.successRate();
  }

  /** Runs `work` and records one health sample for `service` (none when the breaker rejected the call). */
  private async recorded<T>(service: string, work: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
    const started = this.clock.monotonic();
    const outcome = await work();
    if (outcome.ok || !(outcome.rejected || CallAbortedError.is(outcome.error))) this.healthOf(service).record(outcome.ok, this.clock.monotonic() - started);
    return outcome;
  }

  private async withFallback<T>(outcome: Outcome<T>, options: ExecuteOptions<T>): Promise<Outcome<T>> {
    if (outcome.ok || !options.fallback || CallAbortedError.is(outcome.error)) return outcome;
    try {
      return { ok: true, value: await runCall(options.fallback, options.timeoutMs, options.signal), degraded: true, attempts: outcome.attempts };
    } catch (error) {
      return { ok: false, error, attempts: outcome.attempts };
    }
  }

  private onTransition(from: BreakerState, to: BreakerState, breaker: CircuitBreaker, cause: TransitionCause): void {
    // An opening is dated by the breaker's own timer start (it may be backdated), so peers and snapshots agree.
    const event: BreakerEvent = { service: breaker.name, from, to, at: to === BreakerState.Open ? (breaker.openedSince ?? this.clock.now()) : this.clock.now(), cause };
    this.metrics.breakerTransition(breaker.name, to);
    const fields = { event: `circuit_breaker_${to}`, service: breaker.name, from, cause, consecutive_failures: breaker.stats.consecutiveFailures };
    if (to === BreakerState.Open) this.logger.warn(fields);
    else this.logger.log(fields);
    this.events.emit(to === BreakerState.Open ? ResilienceEvents.BreakerOpened : to === BreakerState.HalfOpen ? ResilienceEvents.BreakerHalfOpen : ResilienceEvents.BreakerClosed, event);
    for (const listener of this.transitionListeners) listener(event, breaker);
  }
}

function validate(service: unknown, primary: unknown, options: ExecuteOptions<unknown>, known: Set<string>): string | undefined {
  if (typeof service !== 'string' || service.length === 0) return 'Missing required parameter: service';
  if (!known.has(service)) {
    if (!SERVICE_NAME.test(service)) return `service must be 1-200 letters, digits or . _ : / -, got "${service.slice(0, 50)}"`;
    if (known.size < 10_000) known.add(service);
  }
  if (primary === undefined || primary === null) return 'Missing required parameter: primary';
  if (Array.isArray(primary)) {
    if (primary.length === 0) return 'primary must be a function or a non-empty list of candidates';
    const names = new Set<string>();
    for (const c of primary as RouteCandidate<unknown>[]) {
      if (typeof c?.name !== 'string' || !SERVICE_NAME.test(c.name) || typeof c.run !== 'function') return 'each candidate needs a name (1-200 letters, digits or . _ : / -) and a run function';
      if (names.has(c.name)) return `candidate "${c.name}" is listed twice`;
      names.add(c.name);
    }
    if (primary.length > 1 && options.strategy !== ResilienceStrategy.AdaptiveRouting) return 'several candidates need strategy adaptive_routing';
  } else if (typeof primary !== 'function') return 'primary must be a function or a non-empty list of candidates';
  if (options.strategy !== undefined && !(RESILIENCE_STRATEGY_VALUES as readonly unknown[]).includes(options.strategy)) {
    return `Unknown resilience strategy: ${JSON.stringify(options.strategy)} (one of ${RESILIENCE_STRATEGY_VALUES.join(', ')})`;
  }
  if (options.fallback !== undefined && typeof options.fallback !== 'function') return 'fallback must be a function';
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs >= 0)) return 'timeoutMs must be an integer ≥ 0 (0: no timeout)';
  const r = options.retry;
  if (r) {
    if (r.attempts !== undefined && !(Number.isInteger(r.attempts) && r.attempts >= 1 && r.attempts <= 100)) return 'retry.attempts must be an integer from 1 to 100';
    for (const key of ['baseDelayMs', 'maxDelayMs', 'deadlineMs'] as const) {
      const v = r[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) return `retry.${key} must be a number ≥ 0`;
    }
    if (r.retryOn !== undefined && typeof r.retryOn !== 'function') return 'retry.retryOn must be a function';
  }
  return undefined;
}

function classify(error: unknown, rejected: boolean): { category: ErrorCategory; retryable: boolean; label: ResilienceOutcome } {
  if (rejected) return { category: 'unavailable', retryable: true, label: 'rejected' };
  if (CallTimeoutError.is(error)) return { category: 'timeout', retryable: true, label: 'timeout' };
  if (CallAbortedError.is(error)) return { category: 'processing', retryable: false, label: 'failure' };
  const e = (typeof error === 'object' && error !== null ? error : {}) as { category?: unknown; retryable?: unknown };
  const category = isErrorCategory(e.category) ? e.category : 'processing';
  return { category, retryable: typeof e.retryable === 'boolean' ? e.retryable : category !== 'validation', label: 'failure' };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CallAbortedError());
    const onAbort = () => (clearTimeout(timer), reject(new CallAbortedError()));
    const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
