import type { BreakerState, TransitionCause } from './circuit-breaker';
import type { HealthSnapshot } from './service-health';

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

/** How one execution went, before it becomes a StepResult. */
export type Outcome<T> =
  | {
      readonly ok: true;
      readonly value: T;
      readonly degraded: boolean;
      readonly attempts: number;
      readonly candidate?: string;
      readonly endedAt?: number;
    }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number; readonly rejected?: boolean };

/** A call the breaker did not let through. */
export const REJECTED: Outcome<never> = { ok: false, error: undefined, attempts: 0, rejected: true };
