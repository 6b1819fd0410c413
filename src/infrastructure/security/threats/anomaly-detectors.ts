import type { Clock } from '../../../core/runtime/clock';
import { RateWindow } from './rate-window';
import { SecurityEventType, ThreatLevel } from './threat.types';

/** The detectors' limits (the `threats` configuration section carries them). */
export interface AnomalyThresholds {
  /** More requests than this in the window, from one principal or one IP, is suspicious. */
  readonly requestsPerWindow: number;
  /** More authentication failures than this in the window, for one key id or one IP, is an attack. */
  readonly authFailuresPerWindow: number;
  /** More rate-limit denials than this in the window, for one principal or one IP, is abuse of the API. */
  readonly rateLimitDenialsPerWindow: number;
  readonly anomalyWindowMs: number;
  /** A request body larger than this many bytes is treated as data exfiltration. */
  readonly maxBodyBytes: number;
  /** Principals (and, separately, IPs) tracked per detector; the least recently seen is forgotten first. */
  readonly maxTrackedKeys: number;
}

/** Which sliding window went over its limit. */
export type AnomalyScope = 'principal' | 'ip';

/** A detector's finding, before it becomes a threat. */
export interface Anomaly {
  readonly type: SecurityEventType;
  readonly level: ThreatLevel;
  readonly description: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Who a request or an authentication attempt came from; either may be unknown. */
export interface AnomalySubject {
  /** The principal's key id; leave it out for shared principals (anonymous, system). */
  readonly keyId?: string;
  readonly ip?: string;
}

/**
 * The anomaly detectors: request rate, authentication failures and rate-limit denials over sliding windows, per
 * principal and per IP, and request body volume. Each burst over a limit is reported once per window key.
 */
export class AnomalyDetectors {
  private readonly requestsByKey: RateWindow;
  private readonly requestsByIp: RateWindow;
  private readonly failuresByKey: RateWindow;
  private readonly failuresByIp: RateWindow;
  private readonly denialsByKey: RateWindow;
  private readonly denialsByIp: RateWindow;

  constructor(
    private readonly limits: AnomalyThresholds,
    private readonly clock: Clock,
  ) {
    const { requestsPerWindow: r, authFailuresPerWindow: f, anomalyWindowMs: w, maxTrackedKeys: k } = limits;
    this.requestsByKey = new RateWindow(r, w, k);
    this.requestsByIp = new RateWindow(r, w, k);
    this.failuresByKey = new RateWindow(f, w, k);
    this.failuresByIp = new RateWindow(f, w, k);
    this.denialsByKey = new RateWindow(limits.rateLimitDenialsPerWindow, w, k);
    this.denialsByIp = new RateWindow(limits.rateLimitDenialsPerWindow, w, k);
  }

  /**
   * Counts one request. Returns `suspicious_activity`/medium when it takes its principal or IP above the rate,
   * and `data_exfiltration`/high when `bodyBytes` is above the limit.
   */
  recordRequest(subject: AnomalySubject, bodyBytes = 0): Anomaly[] {
    const found: Anomaly[] = [];
    const rate = this.hit(subject, this.requestsByKey, this.requestsByIp);
    if (rate.length > 0) {
      found.push({
        type: SecurityEventType.SuspiciousActivity,
        level: ThreatLevel.Medium,
        description: `More than ${this.limits.requestsPerWindow} requests in ${this.seconds()} s from ${who(rate, subject)}`,
        metadata: { detector: 'request_rate', scopes: rate, limit: this.limits.requestsPerWindow, ...this.window() },
      });
    }
    if (bodyBytes > this.limits.maxBodyBytes) {
      found.push({
        type: SecurityEventType.DataExfiltration,
        level: ThreatLevel.High,
        description: `Request body of ${bodyBytes} bytes exceeds ${this.limits.maxBodyBytes} bytes`,
        metadata: { detector: 'data_volume', body_bytes: bodyBytes, limit: this.limits.maxBodyBytes },
      });
    }
    return found;
  }

  /** Counts one failed authentication; returns `auth_failure`/high when its key id or IP goes above the limit. */
  recordAuthFailure(subject: AnomalySubject): Anomaly[] {
    const over = this.hit(subject, this.failuresByKey, this.failuresByIp);
    if (over.length === 0) return [];
    const limit = this.limits.authFailuresPerWindow;
    return [
      {
        type: SecurityEventType.AuthFailure,
        level: ThreatLevel.High,
        description: `More than ${limit} authentication failures in ${this.seconds()} s for ${who(over, subject)}`,
        metadata: { detector: 'auth_failures', scopes: over, limit, ...this.window() },
      },
    ];
  }

  /**
   * Counts one request the rate limiter refused (a 429); returns `rate_limit_exceeded`/high when it takes its
   * principal or IP above the limit: a caller that keeps sending instead of waiting for `Retry-After`.
   * `denial` (the refusing scope and reason) goes into the metadata.
   */
  recordRateLimitDenial(subject: AnomalySubject, denial: Readonly<Record<string, unknown>> = {}): Anomaly[] {
    const over = this.hit(subject, this.denialsByKey, this.denialsByIp);
    if (over.length === 0) return [];
    const limit = this.limits.rateLimitDenialsPerWindow;
    return [
      {
        type: SecurityEventType.RateLimitExceeded,
        level: ThreatLevel.High,
        description: `More than ${limit} rate-limit denials in ${this.seconds()} s for ${who(over, subject)}`,
        metadata: { detector: 'rate_limit_denials', scopes: over, limit, ...this.window(), ...denial },
      },
    ];
  }

  /** Forgets principals and IPs with nothing in their windows; returns how many entries were dropped. */
  prune(): number {
    const now = this.clock.now();
    const windows = [this.requestsByKey, this.requestsByIp, this.failuresByKey, this.failuresByIp];
    return [...windows, this.denialsByKey, this.denialsByIp].reduce((n, w) => n + w.prune(now), 0);
  }

  private hit(subject: AnomalySubject, byKey: RateWindow, byIp: RateWindow): AnomalyScope[] {
    const now = this.clock.now();
    const scopes: AnomalyScope[] = [];
    if (subject.keyId !== undefined && byKey.hit(subject.keyId, now)) scopes.push('principal');
    if (subject.ip !== undefined && byIp.hit(subject.ip, now)) scopes.push('ip');
    return scopes;
  }

  private seconds(): number {
    return this.limits.anomalyWindowMs / 1000;
  }

  private window(): { window_ms: number } {
    return { window_ms: this.limits.anomalyWindowMs };
  }
}

function who(scopes: readonly AnomalyScope[], subject: AnomalySubject): string {
  return scopes
    .map((s) => (s === 'principal' ? `principal ${subject.keyId ?? '?'}` : `IP ${subject.ip ?? '?'}`))
    .join(' and ');
}
