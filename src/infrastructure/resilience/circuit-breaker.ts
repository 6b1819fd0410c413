import type { Clock } from '../../core/runtime/clock';
import { SlidingWindow } from './sliding-window';

export const BreakerState = { Closed: 'closed', Open: 'open', HalfOpen: 'half_open' } as const;
export type BreakerState = (typeof BreakerState)[keyof typeof BreakerState];

/** What moved a breaker: its own calls, an operator, a snapshot restored at boot, or another instance. */
export type TransitionCause = 'calls' | 'manual' | 'restored' | 'remote';

export interface BreakerOptions {
  /** Consecutive failures that open the breaker. */
  readonly failureThreshold: number;
  /** Failure fraction of the window that opens it, once the window holds `minimumRequests` calls. */
  readonly failureRate: number;
  readonly minimumRequests: number;
  readonly windowSize: number;
  readonly windowMaxAgeMs: number;
  /** Time open before probes are admitted. */
  readonly recoveryTimeoutMs: number;
  /** Probe successes that close it. */
  readonly successThreshold: number;
  /** Probes admitted at once while half-open. */
  readonly halfOpenMaxCalls: number;
}

export interface BreakerStats {
  total: number;
  successful: number;
  failed: number;
  timeouts: number;
  rejected: number;
  timesOpened: number;
  consecutiveFailures: number;
  lastFailureAt?: number;
  lastStateChangeAt?: number;
}

/** What a caller is allowed to do now. */
export type Admission =
  | { readonly admitted: true; readonly probe: boolean; readonly generation: number }
  | { readonly admitted: false; readonly retryAfterMs: number };

/**
 * One service's circuit breaker, a pure state machine on an injected clock (the caller runs the work and reports
 * back). Opens on `failureThreshold` consecutive failures or when the recent window's failure rate reaches
 * `failureRate`; stays open `recoveryTimeoutMs`; then half-open admits at most `halfOpenMaxCalls` probes at once,
 * closes after `successThreshold` probe successes (clearing the window), and reopens on a probe failure with a
 * fresh timer. Outcomes of calls admitted before the latest transition are ignored.
 */
export class CircuitBreaker {
  private current: BreakerState = BreakerState.Closed;
  private openedAt = 0;
  private generation = 0;
  /** The admission of every call while closed in this generation (admissions are read-only, so one is shared). */
  private closedAdmission: Admission = { admitted: true, probe: false, generation: 0 };
  private probesInFlight = 0;
  private probeSuccesses = 0;
  private readonly window: SlidingWindow;
  readonly stats: BreakerStats = {
    total: 0,
    successful: 0,
    failed: 0,
    timeouts: 0,
    rejected: 0,
    timesOpened: 0,
    consecutiveFailures: 0,
  };

  constructor(
    readonly name: string,
    private readonly options: BreakerOptions,
    private readonly clock: Clock,
    private readonly onTransition: (
      from: BreakerState,
      to: BreakerState,
      breaker: CircuitBreaker,
      cause: TransitionCause,
    ) => void = () => undefined,
  ) {
    this.window = new SlidingWindow(options.windowSize, options.windowMaxAgeMs);
  }

  /** The state now; an open breaker whose time is up reads as half-open. */
  get state(): BreakerState {
    this.advance();
    return this.current;
  }

  /** When the breaker last opened (epoch ms), while it is open or half-open. */
  get openedSince(): number | undefined {
    return this.current === BreakerState.Closed ? undefined : this.openedAt;
  }

  /** Failure fraction of the recent window (0 below `minimumRequests`). */
  failureRate(): number {
    this.window.prune(this.clock.monotonic());
    return this.window.length < this.options.minimumRequests ? 0 : this.window.failures / this.window.length;
  }

  /** Asks to run a call; an admitted call must be followed by exactly one `success` or `failure` with its generation. */
  admit(): Admission {
    if (this.current === BreakerState.Closed) return this.closedAdmission; // only an open breaker advances in time
    this.advance();
    if (this.current === BreakerState.HalfOpen && this.probesInFlight < this.options.halfOpenMaxCalls) {
      this.probesInFlight++;
      return { admitted: true, probe: true, generation: this.generation };
    }
    this.stats.rejected++;
    const retryAfterMs =
      this.current === BreakerState.Open
        ? Math.max(0, this.openedAt + this.options.recoveryTimeoutMs - this.clock.now())
        : 0;
    return { admitted: false, retryAfterMs };
  }

  /** `at`: the call's monotonic time, when the caller has read it already (the window runs on monotonic time). */
  success(admission: Admission, at = this.clock.monotonic()): void {
    if (admission === this.closedAdmission) {
      // Still closed in the generation that admitted the call (the common case).
      this.stats.total++;
      this.stats.successful++;
      this.stats.consecutiveFailures = 0;
      this.window.push(true, at);
      return;
    }
    if (!admission.admitted) return;
    if (admission.probe) this.probesInFlight = Math.max(0, this.probesInFlight - 1);
    if (admission.generation !== this.generation) return;
    this.stats.total++;
    this.stats.successful++;
    this.stats.consecutiveFailures = 0;
    if (this.current === BreakerState.HalfOpen) {
      if (++this.probeSuccesses >= this.options.successThreshold) this.transition(BreakerState.Closed);
      return;
    }
    this.window.push(true, at);
  }

  failure(admission: Admission, timedOut = false): void {
    if (!admission.admitted) return;
    if (admission.probe) this.probesInFlight = Math.max(0, this.probesInFlight - 1);
    if (admission.generation !== this.generation) return;
    const now = this.clock.now();
    this.stats.total++;
    this.stats.failed++;
    if (timedOut) this.stats.timeouts++;
    this.stats.consecutiveFailures++;
    this.stats.lastFailureAt = now;
    if (this.current === BreakerState.HalfOpen) return this.transition(BreakerState.Open);
    this.window.push(false, this.clock.monotonic());
    if (
      this.stats.consecutiveFailures >= this.options.failureThreshold ||
      this.failureRate() >= this.options.failureRate
    )
      this.transition(BreakerState.Open);
  }

  /** Opens now (an operator, or another instance that saw the dependency fail); `since` backdates the timer. */
  forceOpen(since = this.clock.now(), cause: TransitionCause = 'manual'): void {
    this.transition(BreakerState.Open, since, cause);
  }

  forceClose(): void {
    this.transition(BreakerState.Closed, this.clock.now(), 'manual');
  }

  /** Closed, with counters and window cleared. */
  reset(): void {
    this.transition(BreakerState.Closed, this.clock.now(), 'manual');
    Object.assign(this.stats, {
      total: 0,
      successful: 0,
      failed: 0,
      timeouts: 0,
      rejected: 0,
      timesOpened: 0,
      consecutiveFailures: 0,
      lastFailureAt: undefined,
    });
  }

  private advance(): void {
    if (this.current === BreakerState.Open && this.clock.now() - this.openedAt >= this.options.recoveryTimeoutMs)
      this.transition(BreakerState.HalfOpen);
  }

  private transition(to: BreakerState, openedAt = this.clock.now(), cause: TransitionCause = 'calls'): void {
    const from = this.current;
    if (to === BreakerState.Open) {
      this.openedAt = openedAt;
      if (from !== BreakerState.Open) this.stats.timesOpened++;
    }
    if (from === to && to !== BreakerState.Open) return;
    this.current = to;
    this.generation++;
    this.closedAdmission = { admitted: true, probe: false, generation: this.generation };
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    this.stats.lastStateChangeAt = this.clock.now();
    if (to === BreakerState.Closed) {
      this.window.clear();
      this.stats.consecutiveFailures = 0;
    }
    if (from !== to) this.onTransition(from, to, this, cause);
  }
}
