import type { Clock } from '../../../core/runtime/clock';
import { AnomalyDetectors, type Anomaly, type AnomalyThresholds } from './anomaly-detectors';

const T0 = 1_800_000_000_000;
/** Time is jest's fake clock: `Date.now()` moves with `advanceTimersByTime`. */
const clock: Clock = { now: () => Date.now(), monotonic: () => Date.now() };
const LIMITS: AnomalyThresholds = {
  requestsPerWindow: 100,
  authFailuresPerWindow: 10,
  rateLimitDenialsPerWindow: 30,
  anomalyWindowMs: 60_000,
  maxBodyBytes: 10_485_760,
  maxTrackedKeys: 1000,
};

describe(AnomalyDetectors.name, () => {
  let sut: AnomalyDetectors;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    sut = new AnomalyDetectors(LIMITS, clock);
  });
  afterEach(() => jest.useRealTimers());

  /** `n` requests, `gapMs` apart; returns every anomaly they raised. */
  function requests(n: number, subject: { keyId?: string; ip?: string }, gapMs = 0): Anomaly[] {
    const found: Anomaly[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) jest.advanceTimersByTime(gapMs);
      found.push(...sut.recordRequest(subject));
    }
    return found;
  }

  describe('recordRequest', () => {
    it('flags the 101st request of a principal within a minute as suspicious_activity/medium, once per burst', () => {
      expect(requests(100, { keyId: 'k1' }, 100)).toEqual([]);
      jest.advanceTimersByTime(100);
      expect(sut.recordRequest({ keyId: 'k1' })).toEqual([
        {
          type: 'suspicious_activity',
          level: 'medium',
          description: 'More than 100 requests in 60 s from principal k1',
          metadata: { detector: 'request_rate', scopes: ['principal'], limit: 100, window_ms: 60_000 },
        },
      ]);
      expect(requests(50, { keyId: 'k1' })).toEqual([]);
    });

    it('slides: a request 60 s after the first of 100 is not flagged, the first has left the window', () => {
      expect(requests(100, { keyId: 'k1' }, 100)).toEqual([]);
      jest.setSystemTime(T0 + 60_000);
      expect(sut.recordRequest({ keyId: 'k1' })).toEqual([]);
      // Now 100 in the window (T0 + 100 … T0 + 60 000): one more goes above.
      expect(sut.recordRequest({ keyId: 'k1' })).toHaveLength(1);
    });

    it('counts per IP too, and reports both windows in one anomaly when both go above', () => {
      expect(requests(100, { keyId: 'k1', ip: '10.0.0.1' })).toEqual([]);
      expect(requests(1, { keyId: 'k2', ip: '10.0.0.1' }).map((a) => a.description)).toEqual([
        'More than 100 requests in 60 s from IP 10.0.0.1',
      ]);
      const both = new AnomalyDetectors(LIMITS, clock);
      for (let i = 0; i < 100; i++) both.recordRequest({ keyId: 'k3', ip: '10.0.0.3' });
      const found = both.recordRequest({ keyId: 'k3', ip: '10.0.0.3' });
      expect(found.map((a) => [a.description, a.metadata.scopes])).toEqual([
        ['More than 100 requests in 60 s from principal k3 and IP 10.0.0.3', ['principal', 'ip']],
      ]);
    });

    it('flags a body above 10 MiB as data_exfiltration/high, not one of exactly 10 MiB', () => {
      expect(sut.recordRequest({ ip: '10.0.0.1' }, 10_485_760)).toEqual([]);
      expect(sut.recordRequest({ ip: '10.0.0.1' }, 10_485_761)).toEqual([
        {
          type: 'data_exfiltration',
          level: 'high',
          description: 'Request body of 10485761 bytes exceeds 10485760 bytes',
          metadata: { detector: 'data_volume', body_bytes: 10_485_761, limit: 10_485_760 },
        },
      ]);
    });

    it('counts nothing for a request with neither principal nor IP', () => {
      expect(requests(200, {})).toEqual([]);
    });
  });

  describe('recordAuthFailure', () => {
    it('flags the 11th failure of an IP within a minute as auth_failure/high', () => {
      for (let i = 0; i < 10; i++) {
        expect(sut.recordAuthFailure({ ip: '203.0.113.9' })).toEqual([]);
        jest.advanceTimersByTime(5000);
      }
      expect(sut.recordAuthFailure({ ip: '203.0.113.9' })).toEqual([
        {
          type: 'auth_failure',
          level: 'high',
          description: 'More than 10 authentication failures in 60 s for IP 203.0.113.9',
          metadata: { detector: 'auth_failures', scopes: ['ip'], limit: 10, window_ms: 60_000 },
        },
      ]);
    });

    it('does not flag 11 failures spread over more than a minute', () => {
      for (let i = 0; i < 11; i++) {
        expect(sut.recordAuthFailure({ keyId: 'k1' })).toEqual([]);
        jest.advanceTimersByTime(6001);
      }
    });

    it('counts a key id attacked from many IPs', () => {
      const found: Anomaly[] = [];
      for (let i = 0; i < 11; i++) found.push(...sut.recordAuthFailure({ keyId: 'k1', ip: `198.51.100.${i}` }));
      expect(found.map((a) => a.metadata.scopes)).toEqual([['principal']]);
    });
  });

  describe('recordRateLimitDenial', () => {
    it('flags the 31st denial of a principal within a minute as rate_limit_exceeded/high, once per burst', () => {
      const denial = { rate_limit_scope: 'user', rate_limit_reason: 'cooldown' };
      for (let i = 0; i < 30; i++) {
        expect(sut.recordRateLimitDenial({ keyId: 'k1', ip: `198.51.100.${i}` }, denial)).toEqual([]);
        jest.advanceTimersByTime(1000);
      }
      expect(sut.recordRateLimitDenial({ keyId: 'k1', ip: '198.51.100.99' }, denial)).toEqual([
        {
          type: 'rate_limit_exceeded',
          level: 'high',
          description: 'More than 30 rate-limit denials in 60 s for principal k1',
          metadata: {
            detector: 'rate_limit_denials',
            scopes: ['principal'],
            limit: 30,
            window_ms: 60_000,
            rate_limit_scope: 'user',
            rate_limit_reason: 'cooldown',
          },
        },
      ]);
      expect(sut.recordRateLimitDenial({ keyId: 'k1' })).toEqual([]);
    });

    it('does not flag 31 denials spread over more than a minute, nor count them as requests', () => {
      for (let i = 0; i < 31; i++) {
        expect(sut.recordRateLimitDenial({ keyId: 'k1' })).toEqual([]);
        jest.advanceTimersByTime(2001);
      }
      expect(requests(100, { keyId: 'k1' })).toEqual([]);
    });
  });

  describe('prune', () => {
    it('forgets principals and IPs idle for a whole window', () => {
      sut.recordRequest({ keyId: 'k1', ip: '10.0.0.1' });
      sut.recordAuthFailure({ ip: '10.0.0.2' });
      sut.recordRateLimitDenial({ keyId: 'k3' });
      jest.advanceTimersByTime(30_000);
      expect(sut.prune()).toBe(0);
      jest.advanceTimersByTime(30_000);
      expect(sut.prune()).toBe(4);
    });
  });
});
