import { ManualClock } from '../../core/runtime/clock';
import {
  BreakerState,
  CircuitBreaker,
  type Admission,
  type BreakerOptions,
  type TransitionCause,
} from './circuit-breaker';

const options: BreakerOptions = {
  failureThreshold: 5,
  failureRate: 0.5,
  minimumRequests: 10,
  windowSize: 100,
  windowMaxAgeMs: 300_000,
  recoveryTimeoutMs: 60_000,
  successThreshold: 2,
  halfOpenMaxCalls: 3,
};

describe(CircuitBreaker.name, () => {
  let clock: ManualClock;
  let transitions: [BreakerState, BreakerState, TransitionCause][];
  let sut: CircuitBreaker;

  const make = (overrides: Partial<BreakerOptions> = {}) =>
    new CircuitBreaker('svc', { ...options, ...overrides }, clock, (from, to, _b, cause) =>
      transitions.push([from, to, cause]),
    );
  const succeed = (n = 1) => {
    for (let i = 0; i < n; i++) sut.success(sut.admit());
  };
  const failN = (n = 1) => {
    for (let i = 0; i < n; i++) sut.failure(sut.admit());
  };

  beforeEach(() => {
    clock = new ManualClock(1_000_000);
    transitions = [];
    sut = make();
  });

  it('opens on five consecutive failures and then rejects without running (A14.6)', () => {
    failN(4);
    expect(sut.state).toBe('closed');
    failN(1);
    expect(sut.state).toBe('open');
    expect(sut.admit()).toEqual({ admitted: false, retryAfterMs: 60_000 });
    expect(sut.stats).toMatchObject({ failed: 5, rejected: 1, timesOpened: 1 });
    expect(transitions).toEqual([['closed', 'open', 'calls']]);
  });

  it('stays open until the recovery timeout, then admits probes and closes after two successes (A14.6)', () => {
    failN(5);
    clock.advance(59_999);
    expect(sut.state).toBe('open');
    expect(sut.admit()).toEqual({ admitted: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(sut.state).toBe('half_open');
    const probe = sut.admit();
    expect(probe).toMatchObject({ admitted: true, probe: true });
    sut.success(probe);
    expect(sut.state).toBe('half_open');
    sut.success(sut.admit());
    expect(sut.state).toBe('closed');
    expect(transitions.map(([, to]) => to)).toEqual(['open', 'half_open', 'closed']);
  });

  it('reopens on a probe failure and restarts the timer (A14.6)', () => {
    failN(5);
    clock.advance(60_000);
    sut.failure(sut.admit());
    expect(sut.state).toBe('open');
    clock.advance(59_000);
    expect(sut.state).toBe('open');
    clock.advance(1_000);
    expect(sut.state).toBe('half_open');
    expect(sut.stats.timesOpened).toBe(2);
  });

  it('counts consecutive failures: 4 failures, 1000 successes, 1 failure stays closed ([FIX] of A14.7)', () => {
    failN(4);
    succeed(1000);
    failN(1);
    expect(sut.state).toBe('closed');
    expect(sut.stats.consecutiveFailures).toBe(1);
  });

  it('opens on the window failure rate: threshold 100, 10 calls with 5 failures opens on the 10th (A14.7)', () => {
    sut = make({ failureThreshold: 100 });
    for (let i = 0; i < 9; i++) {
      if (i % 2 === 0) sut.failure(sut.admit());
      else sut.success(sut.admit());
    }
    expect(sut.state).toBe('closed');
    expect(sut.failureRate()).toBe(0);
    sut.success(sut.admit());
    expect(sut.state).toBe('closed');
    sut = make({ failureThreshold: 100 });
    for (let i = 0; i < 9; i++) {
      if (i < 4) sut.failure(sut.admit());
      else sut.success(sut.admit());
    }
    sut.failure(sut.admit());
    expect(sut.state).toBe('open');
  });

  it('forgets window samples older than the window age', () => {
    sut = make({ failureThreshold: 100 });
    failN(5);
    succeed(4);
    clock.advance(300_001);
    succeed(1);
    expect(sut.failureRate()).toBe(0);
  });

  it('admits at most halfOpenMaxCalls concurrent probes: 5 callers, cap 3 → 2 rejected', () => {
    failN(5);
    clock.advance(60_000);
    const admissions = [1, 2, 3, 4, 5].map(() => sut.admit());
    expect(admissions.filter((a) => a.admitted)).toHaveLength(3);
    expect(admissions.filter((a) => !a.admitted)).toEqual([
      { admitted: false, retryAfterMs: 0 },
      { admitted: false, retryAfterMs: 0 },
    ]);
    sut.success(admissions[0]);
    expect(sut.admit()).toMatchObject({ admitted: true, probe: true });
  });

  it('clears its window on close, so old failures cannot reopen it at once', () => {
    sut = make({ failureThreshold: 100 });
    succeed(5);
    failN(5);
    expect(sut.state).toBe('open');
    clock.advance(60_000);
    succeed(2);
    expect(sut.state).toBe('closed');
    expect(sut.failureRate()).toBe(0);
    failN(1);
    expect(sut.state).toBe('closed');
  });

  it('ignores outcomes of calls admitted before the last transition', () => {
    const early = sut.admit();
    failN(5);
    sut.success(early);
    expect(sut.state).toBe('open');
    expect(sut.stats.successful).toBe(0);
  });

  it('counts timeouts among failures', () => {
    sut.failure(sut.admit(), true);
    expect(sut.stats).toMatchObject({ failed: 1, timeouts: 1 });
  });

  it('opens, closes and resets on demand', () => {
    sut.forceOpen();
    expect(sut.state).toBe('open');
    sut.forceClose();
    expect(sut.state).toBe('closed');
    failN(2);
    sut.reset();
    expect(sut.stats).toMatchObject({ total: 0, failed: 0, consecutiveFailures: 0 });
    expect(transitions).toEqual([
      ['closed', 'open', 'manual'],
      ['open', 'closed', 'manual'],
    ]);
  });

  it('backdates a forced open, so a breaker restored from an old snapshot reads half-open', () => {
    sut.forceOpen(clock.now() - 60_000, 'restored');
    expect(sut.state).toBe('half_open');
    expect(transitions).toEqual([
      ['closed', 'open', 'restored'],
      ['open', 'half_open', 'calls'],
    ]);
  });

  it('treats a rejected admission as a no-op on report', () => {
    sut.forceOpen();
    const rejected: Admission = sut.admit();
    sut.success(rejected);
    sut.failure(rejected);
    expect(sut.stats).toMatchObject({ total: 0, rejected: 1 });
  });
});
