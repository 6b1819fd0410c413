import type { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import type { ResilienceConfig } from './resilience.config';
import type { Clock } from '../../core/runtime/clock';
import { BreakerState, CircuitBreaker, type TransitionCause } from './circuit-breaker';
import type { ResilienceMetrics, ServiceInstruments } from './resilience.metrics';
import {
  ResilienceEvents,
  type BreakerEvent,
  type BreakerSummary,
  type HealthChangedEvent,
  type ResilienceSummary,
} from './resilience.types';
import { ServiceHealth, type HealthSnapshot } from './service-health';

/**
 * A service's metric cells and, once it has them, its breaker and health record: found with one lookup on the hot
 * path. Breaker and health are filled in on first use (`breakerIn`, `healthIn`), so a service that never ran under a
 * breaker lists none, and one whose only call was aborted has no health record.
 */
export interface ServiceLane {
  readonly service: string;
  readonly cells: ServiceInstruments;
  breaker?: CircuitBreaker;
  health?: ServiceHealth;
}

/**
 * The per-service state of the resilience engine, without Nest: one circuit breaker and one health record per
 * service (created on first use), operator actions, the monitor pass and the summary. Breaker transitions update
 * the metrics, are logged, emitted as events and handed to listeners (snapshots, the Redis bus).
 */
export class ServiceRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly health = new Map<string, ServiceHealth>();
  private readonly lanes = new Map<string, ServiceLane>();
  private readonly transitionListeners: ((event: BreakerEvent, breaker: CircuitBreaker) => void)[] = [];

  constructor(
    protected readonly options: ResilienceConfig,
    protected readonly clock: Clock,
    protected readonly metrics: ResilienceMetrics,
    private readonly events: EventEmitter2,
    protected readonly logger: Logger,
  ) {}

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

  /** The service's lane (breakers and health records are never removed, so a lane never goes stale). */
  lane(service: string): ServiceLane {
    let lane = this.lanes.get(service);
    if (!lane) {
      lane = {
        service,
        cells: this.metrics.cellsOf(service),
        breaker: this.breakers.get(service),
        health: this.health.get(service),
      };
      this.lanes.set(service, lane);
    }
    return lane;
  }

  breakerIn(lane: ServiceLane): CircuitBreaker {
    return (lane.breaker ??= this.breaker(lane.service));
  }

  healthIn(lane: ServiceLane): ServiceHealth {
    return (lane.health ??= this.healthOf(lane.service));
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
    return this.breakerSummary(service);
  }

  /** One breaker's state and counters, or undefined when the service has none. */
  breakerSummary(service: string): BreakerSummary | undefined {
    const b = this.breakers.get(service);
    return b && { state: b.state, ...b.stats, failureRate: b.failureRate(), openedSince: b.openedSince };
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
      this.logger.log({
        event: 'service_health_changed',
        service,
        old_status: healthy ? 'unhealthy' : 'healthy',
        new_status: healthy ? 'healthy' : 'unhealthy',
        success_rate: successRate,
        avg_latency_ms: avgLatencyMs,
      });
      this.events.emit(ResilienceEvents.ServiceHealthChanged, event);
    }
    return changed;
  }

  summary(): ResilienceSummary {
    const breakers: Record<string, BreakerSummary> = {};
    for (const service of this.breakers.keys()) breakers[service] = this.breakerSummary(service)!;
    const services: Record<string, HealthSnapshot> = {};
    for (const [service, h] of this.health) services[service] = h.snapshot();
    const open = Object.values(breakers).filter((b) => b.state === BreakerState.Open).length;
    const unhealthy = Object.values(services).filter((s) => !s.healthy).length;
    const degradationMode = open > 0;
    return {
      degradationMode,
      score: Math.max(0, 100 - (degradationMode ? 20 : 0) - 10 * open - 5 * unhealthy),
      breakers,
      services,
    };
  }

  protected onTransition(from: BreakerState, to: BreakerState, breaker: CircuitBreaker, cause: TransitionCause): void {
    // An opening is dated by the breaker's own timer start (it may be backdated), so peers and snapshots agree.
    const event: BreakerEvent = {
      service: breaker.name,
      from,
      to,
      at: to === BreakerState.Open ? (breaker.openedSince ?? this.clock.now()) : this.clock.now(),
      cause,
    };
    this.metrics.breakerTransition(breaker.name, to);
    const fields = {
      event: `circuit_breaker_${to}`,
      service: breaker.name,
      from,
      cause,
      consecutive_failures: breaker.stats.consecutiveFailures,
    };
    if (to === BreakerState.Open) this.logger.warn(fields);
    else this.logger.log(fields);
    this.events.emit(
      to === BreakerState.Open
        ? ResilienceEvents.BreakerOpened
        : to === BreakerState.HalfOpen
          ? ResilienceEvents.BreakerHalfOpen
          : ResilienceEvents.BreakerClosed,
      event,
    );
    for (const listener of this.transitionListeners) listener(event, breaker);
  }
}
