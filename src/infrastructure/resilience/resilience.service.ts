import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  ResilienceStrategy,
  type ExecuteOptions,
  type ResiliencePort,
  type ResilientOperation,
  type ResilientValue,
  type RouteCandidate,
} from '../../core/ports/resilience.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { RANDOM_SOURCE, type RandomSource } from '../../core/runtime/random';
import { abortableSleep, CallAbortedError, CallTimeoutError, runCall } from './call';
import type { Admission } from './circuit-breaker';
import { validate } from './execute-validation';
import { classify, errorText } from './outcome';
import { ResilienceConfig } from './resilience.config';
import { ResilienceMetrics } from './resilience.metrics';
import { REJECTED, type Outcome } from './resilience.types';
import { isRetryableError, retry, type RetryPolicy } from './retry';
import { ServiceRegistry, type ServiceLane } from './service-registry';

const NO_OPTIONS: ExecuteOptions<never> = Object.freeze({});

/**
 * The resilience engine behind the `resilience` orchestrator and the {@link ResiliencePort}: the strategies, on
 * top of the per-service breakers, health and routing weights of {@link ServiceRegistry}. In memory per
 * instance; breaker states are also snapshotted and shared by `BreakerPersistence` and `BreakerBus`.
 */
@Injectable()
export class ResilienceService extends ServiceRegistry implements ResiliencePort {
  /** Service names already checked against the pattern (bounded). */
  private readonly knownServices = new Set<string>();

  constructor(
    config: ResilienceConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(RANDOM_SOURCE) private readonly random: RandomSource,
    metrics: ResilienceMetrics,
    events: EventEmitter2,
  ) {
    super(config, clock, metrics, events, new Logger('ResilienceOrchestrator'));
  }

  execute<T>(
    service: string,
    primary: ResilientOperation<T> | readonly RouteCandidate<T>[],
    options: ExecuteOptions<T> = NO_OPTIONS,
  ): Promise<StepResult<ResilientValue<T>>> {
    const invalid = validate(service, primary, options, this.knownServices);
    if (invalid) return Promise.resolve(fail('validation', invalid, { retryable: false }));
    const strategy = options.strategy ?? this.options.defaultStrategy;
    const started = this.clock.monotonic();
    if (strategy === ResilienceStrategy.AdaptiveRouting) return this.routed(service, primary, options, started);
    // The other four (validate admitted only the five) take one function; a one-candidate list gives its own.
    return this.inline(service, strategy, typeof primary === 'function' ? primary : primary[0].run, options, started);
  }

  /**
   * fail_fast, graceful_degrade, retry and circuit_breaker over one function: the first call runs inline with the
   * service's lane (the common, benchmarked case; kept small so that V8 optimises it); failures and rejections go
   * to `recover`.
   */
  private async inline<T>(
    service: string,
    strategy: ResilienceStrategy,
    primary: ResilientOperation<T>,
    options: ExecuteOptions<T>,
    started: number,
  ): Promise<StepResult<ResilientValue<T>>> {
    const lane = this.lane(service);
    const guard = strategy === ResilienceStrategy.CircuitBreaker;
    const admission = guard ? this.breakerIn(lane).admit() : undefined;
    if (admission !== undefined && !admission.admitted)
      return this.recover(service, strategy, primary, options, started, lane, admission, undefined);
    let value: T;
    try {
      value = await runCall(
        primary,
        guard ? (options.timeoutMs ?? this.options.callTimeoutMs) : options.timeoutMs,
        options.signal,
      );
    } catch (error) {
      return this.recover(service, strategy, primary, options, started, lane, admission, error);
    }
    const endedAt = this.clock.monotonic();
    const executionMs = endedAt - started;
    if (admission !== undefined) lane.breaker!.success(admission, endedAt);
    this.healthIn(lane).record(true, executionMs);
    this.metrics.recordIn(lane.cells, 'success', executionMs / 1000);
    return ok({ service, strategy, value, degraded: false, attempts: 1, executionMs });
  }

  /** After an inline first call failed (or its breaker rejected it): retries, health, fallback and the result. */
  private async recover<T>(
    service: string,
    strategy: ResilienceStrategy,
    primary: ResilientOperation<T>,
    options: ExecuteOptions<T>,
    started: number,
    lane: ServiceLane,
    admission: Admission | undefined,
    error: unknown,
  ): Promise<StepResult<ResilientValue<T>>> {
    let outcome: Outcome<T>;
    if (admission !== undefined && !admission.admitted) outcome = REJECTED;
    else {
      const aborted = CallAbortedError.is(error);
      if (admission !== undefined && !aborted) lane.breaker!.failure(admission, CallTimeoutError.is(error));
      const wantsRetry = strategy === ResilienceStrategy.Retry || options.retry !== undefined;
      const guard = admission !== undefined;
      outcome =
        wantsRetry && !aborted
          ? await this.retrying(
              service,
              (signal) =>
                guard
                  ? this.guarded(service, primary, options.timeoutMs, signal)
                  : this.once(primary, options.timeoutMs, signal),
              options,
              error,
            )
          : { ok: false, error, attempts: 1 };
      if (outcome.ok || (!(outcome.rejected && outcome.attempts === 0) && !CallAbortedError.is(outcome.error)))
        this.healthIn(lane).record(outcome.ok, this.clock.monotonic() - started);
    }
    if (strategy === ResilienceStrategy.GracefulDegrade && !outcome.ok)
      this.logger.warn({
        event: 'primary_function_failed',
        service,
        fallback: options.fallback !== undefined,
        err: errorText(outcome.error),
      });
    if (strategy !== ResilienceStrategy.FailFast && !outcome.ok) outcome = await this.withFallback(outcome, options);
    return this.conclude(service, strategy, outcome, started);
  }

  private async routed<T>(
    service: string,
    primary: ResilientOperation<T> | readonly RouteCandidate<T>[],
    options: ExecuteOptions<T>,
    started: number,
  ): Promise<StepResult<ResilientValue<T>>> {
    const outcome = await this.withFallback(await this.route(service, primary, options), options);
    return this.conclude(service, ResilienceStrategy.AdaptiveRouting, outcome, started);
  }

  /** The metrics and the result of a finished execution. */
  private conclude<T>(
    service: string,
    strategy: ResilienceStrategy,
    outcome: Outcome<T>,
    started: number,
  ): StepResult<ResilientValue<T>> {
    const executionMs = this.clock.monotonic() - started;
    if (outcome.ok) {
      const { value, degraded, attempts, candidate } = outcome;
      this.metrics.record(service, degraded ? 'degraded' : 'success', executionMs / 1000);
      return ok(
        candidate === undefined
          ? { service, strategy, value, degraded, attempts, executionMs }
          : { service, strategy, value, degraded, attempts, candidate, executionMs },
      );
    }
    const { category, retryable, label } = classify(outcome.error, outcome.rejected === true);
    this.metrics.record(service, label, executionMs / 1000);
    const message = outcome.rejected
      ? `Circuit breaker '${service}' is open - service unavailable`
      : errorText(outcome.error);
    return fail(category, `Resilience execution failed: ${message}`, {
      retryable,
      data: { service, strategy, executionMs, attempts: outcome.attempts, error: message } as never,
    });
  }

  private async once<T>(
    op: ResilientOperation<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await runCall(op, timeoutMs, signal), degraded: false, attempts: 1 };
    } catch (error) {
      return { ok: false, error, attempts: 1 };
    }
  }

  /** One call through the service's breaker. */
  private async guarded<T>(
    service: string,
    op: ResilientOperation<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Outcome<T>> {
    const breaker = this.breaker(service);
    const admission: Admission = breaker.admit();
    if (!admission.admitted) return { ok: false, error: undefined, attempts: 0, rejected: true };
    const outcome = await this.once(op, timeoutMs ?? this.options.callTimeoutMs, signal);
    if (outcome.ok) breaker.success(admission);
    else if (!CallAbortedError.is(outcome.error)) breaker.failure(admission, CallTimeoutError.is(outcome.error));
    return outcome;
  }

  /** The attempts after a failed first call, under the retry policy (strategy retry, or `options.retry`). */
  private async retrying<T>(
    service: string,
    attempt: (signal: AbortSignal | undefined) => Promise<Outcome<T>>,
    options: ExecuteOptions<T>,
    firstError: unknown,
  ): Promise<Outcome<T>> {
    const policy = this.policy(options);
    let last: Outcome<T> = { ok: false, error: firstError, attempts: 1 };
    this.logger.warn({
      event: 'retry_attempt',
      service,
      attempt: 1,
      max_attempts: policy.attempts,
      err: errorText(firstError),
    });
    const result = await retry(
      async (n) => {
        last = await attempt(options.signal);
        if (last.ok) return last;
        if (n < policy.attempts && !last.rejected)
          this.logger.warn({
            event: 'retry_attempt',
            service,
            attempt: n,
            max_attempts: policy.attempts,
            err: errorText(last.error),
          });
        throw last.rejected ? Object.assign(new Error('breaker open'), { retryable: false }) : last.error;
      },
      { ...policy, retryOn: (e) => policy.retryOn(e) && !CallAbortedError.is(e) },
      { random: this.random, now: () => this.clock.monotonic(), sleep: abortableSleep, signal: options.signal },
      { error: firstError },
    );
    if (result.ok) return { ...result.value, attempts: result.attempts };
    if (result.stop === 'exhausted')
      this.logger.warn({ event: 'all_retries_failed', service, attempts: result.attempts });
    return { ...last, attempts: result.attempts };
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
  private async route<T>(
    service: string,
    primary: ResilientOperation<T> | readonly RouteCandidate<T>[],
    options: ExecuteOptions<T>,
  ): Promise<Outcome<T>> {
    const candidates = typeof primary === 'function' ? [{ name: service, run: primary }] : primary;
    // Rank by weight × recent success rate; ties keep the caller's order (a stable sort).
    const ranked =
      candidates.length === 1 ? candidates : [...candidates].sort((a, b) => this.score(b.name) - this.score(a.name));
    let attempts = 0;
    let last = REJECTED as Extract<Outcome<T>, { ok: false }>;
    for (const c of ranked) {
      const outcome = await this.recorded(c.name, () => this.guarded(c.name, c.run, options.timeoutMs, options.signal));
      attempts += outcome.attempts;
      if (outcome.ok) return { ok: true, value: outcome.value, degraded: false, attempts, candidate: c.name };
      if (!outcome.rejected || last.rejected) last = outcome;
      if (CallAbortedError.is(outcome.error)) break;
      this.logger.debug({
        event: 'adaptive_routing_next',
        service,
        candidate: c.name,
        rejected: outcome.rejected === true,
      });
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
    if (outcome.ok || !(outcome.rejected || CallAbortedError.is(outcome.error)))
      this.healthOf(service).record(outcome.ok, this.clock.monotonic() - started);
    return outcome;
  }

  private async withFallback<T>(outcome: Outcome<T>, options: ExecuteOptions<T>): Promise<Outcome<T>> {
    if (outcome.ok || !options.fallback || CallAbortedError.is(outcome.error)) return outcome;
    try {
      return {
        ok: true,
        value: await runCall(options.fallback, options.timeoutMs, options.signal),
        degraded: true,
        attempts: outcome.attempts,
      };
    } catch (error) {
      return { ok: false, error, attempts: outcome.attempts };
    }
  }
}
