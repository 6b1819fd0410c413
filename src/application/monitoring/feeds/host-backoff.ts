import type { Clock } from '../../../core/runtime/clock';

/** Why a host is being left alone. */
export type BackoffReason = 'rate_limited' | 'http' | 'unreachable' | 'timeout';

/** A host no request may go to before `until` (epoch ms). */
export interface HostPause {
  readonly until: number;
  readonly reason: BackoffReason;
  /** Failures in a row that led here (0 for a pause the server asked for with Retry-After). */
  readonly failures: number;
}

/** Options of {@link HostBackoff}; durations in ms. */
export interface HostBackoffOptions {
  /** The first pause after a failure; doubled on each further failure in a row. Default 30 000. */
  readonly baseMs?: number;
  /** The longest pause a failure leads to (a Retry-After may ask for longer). Default 3 600 000. */
  readonly maxMs?: number;
}

/**
 * Per-host politeness. After a 429, or a 503 with Retry-After, no request goes to the host before the time the
 * server named; after a 5xx or a network failure the host is paused for `baseMs · 2^(failures − 1)`, capped at
 * `maxMs`. A success clears the host. Hosts are keyed by `host[:port]`.
 */
export class HostBackoff {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly hosts = new Map<string, HostPause>();

  constructor(
    private readonly clock: Clock,
    options: HostBackoffOptions = {},
  ) {
    this.baseMs = options.baseMs ?? 30_000;
    this.maxMs = options.maxMs ?? 3_600_000;
  }

  /** The host's pause while it lasts, else undefined. */
  pausedUntil(host: string): HostPause | undefined {
    const pause = this.hosts.get(host);
    return pause && pause.until > this.clock.now() ? pause : undefined;
  }

  /** The server asked for `retryAfterMs` of quiet. */
  retryAfter(host: string, retryAfterMs: number, reason: BackoffReason = 'rate_limited'): HostPause {
    return this.set(host, { until: this.clock.now() + Math.max(0, retryAfterMs), reason, failures: 0 });
  }

  /** One more failure in a row: the pause doubles, up to the cap. Returns the new pause. */
  failure(host: string, reason: BackoffReason): HostPause {
    const failures = (this.hosts.get(host)?.failures ?? 0) + 1;
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(failures - 1, 30));
    return this.set(host, { until: this.clock.now() + delay, reason, failures });
  }

  success(host: string): void {
    this.hosts.delete(host);
  }

  private set(host: string, pause: HostPause): HostPause {
    this.hosts.set(host, pause);
    return pause;
  }
}

/**
 * Milliseconds a Retry-After header asks for: delay-seconds or an HTTP date (relative to `now`); null when absent
 * or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null; // "-5", "1.5": neither form
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
