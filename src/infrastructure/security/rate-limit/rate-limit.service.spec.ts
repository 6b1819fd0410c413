import type { ModuleRef } from '@nestjs/core';
import { testConfig } from '../../../../test/fixtures/test-config';
import type { ConfigFragment } from '../../../core/config/config.loader';
import { MetricsRegistry } from '../../../core/metrics/metrics.registry';
import type { AuditEvent, AuditLogPort } from '../../../core/ports/audit-log.port';
import { ManualClock } from '../../../core/runtime/clock';
import { InMemoryRateLimitStore } from './in-memory.rate-limit.store';
import { RateLimitCostError } from './rate-limit-cost.error';
import { RateLimitMetrics } from './rate-limit.metrics';
import { escalationPolicy } from './rate-limit.module';
import { RateLimitService } from './rate-limit.service';
import type { RateLimitDecision } from './rate-limit.types';

const T0 = 1_700_000_000_000;
const SEC = 1000;

describe(RateLimitService.name, () => {
  let sut: RateLimitService;
  let clock: ManualClock;
  let registry: MetricsRegistry;
  let audit: AuditEvent[];

  function build(rateLimit: ConfigFragment[string] = {}): RateLimitService {
    const config = testConfig({ rateLimit });
    clock = new ManualClock(T0);
    registry = MetricsRegistry.create(config.metrics);
    audit = [];
    const auditLog: AuditLogPort = { record: (e) => audit.push(e), flush: async () => undefined };
    const moduleRef = { get: () => auditLog } as unknown as ModuleRef;
    const store = new InMemoryRateLimitStore(escalationPolicy(config.rateLimit));
    return new RateLimitService(config.rateLimit, store, clock, new RateLimitMetrics(registry), moduleRef);
  }

  const principal = (keyId = 'k1', tenantId = 't1') => ({ tenantId, keyId });
  const call = (keyId = 'k1', route = 'GET /autointel', tenantId = 't1', cost?: number) =>
    sut.consume({ principal: principal(keyId, tenantId), route, cost });

  /** Calls until one is denied; the number admitted and the denial. */
  async function exhaust(keyId = 'k1', route = 'GET /autointel'): Promise<[number, RateLimitDecision]> {
    for (let admitted = 0; ; admitted++) {
      const decision = await call(keyId, route);
      if (!decision.allowed) return [admitted, decision];
    }
  }

  /** `<reason> <retryAfterSeconds>` of a denial, `allowed` otherwise. */
  const brief = (d: RateLimitDecision) => (d.allowed ? 'allowed' : `${d.reason} ${d.retryAfterSeconds}`);

  beforeEach(() => {
    sut = build();
  });

  describe('consume', () => {
    it('check 7: the user bucket admits 90 immediate calls and denies the 91st (429, Retry-After 1)', async () => {
      const decisions = [];
      for (let i = 0; i < 91; i++) decisions.push(await call());
      expect(decisions.slice(0, 90).every((d) => d.allowed)).toBe(true);
      expect(decisions[90]).toEqual({ allowed: false, scope: 'user', reason: 'rate_limited', retryAfterSeconds: 1 });
      clock.advance(SEC);
      expect(await call()).toEqual({ allowed: true });
    });

    it('check 7: violations 3, 6 and 9 within 900 s cool the key down for 30, 120 and 600 s', async () => {
      const seen: string[] = [];
      const [admitted, first] = await exhaust();
      expect(admitted).toBe(90);
      seen.push(brief(first), brief(await call()));
      for (let violation = 3; violation <= 9; violation++) {
        const [, denial] = await exhaust();
        seen.push(brief(denial));
        if (denial.allowed || denial.reason !== 'cooldown') continue;
        clock.advance(10 * SEC);
        expect(brief(await call())).toBe(`cooldown ${denial.retryAfterSeconds - 10}`);
        clock.advance((denial.retryAfterSeconds - 10) * SEC);
      }
      expect(seen).toEqual([
        'rate_limited 1',
        'rate_limited 1',
        'cooldown 30',
        'cooldown 30',
        'cooldown 30',
        'cooldown 120',
        'cooldown 120',
        'cooldown 120',
        'cooldown 600',
      ]);
      expect(clock.now() - T0).toBe((3 * 30 + 3 * 120 + 600) * SEC);
    });

    it('check 7: a violation more than 900 s after the previous one starts the count again', async () => {
      await exhaust();
      expect(brief(await call())).toBe('rate_limited 1');
      clock.advance(900 * SEC + 1);
      const [admitted, denial] = await exhaust();
      expect([admitted, brief(denial)]).toEqual([90, 'rate_limited 1']);
      expect(brief(await call())).toBe('rate_limited 1');
      expect(brief(await call())).toBe('cooldown 30');
    });

    it('keeps the refill of denied requests: a key denied at 0.5 s and 0.9 s gets its token at 1 s', async () => {
      for (let i = 0; i < 90; i++) await call();
      clock.advance(500);
      expect(brief(await call())).toBe('rate_limited 1');
      clock.advance(400);
      expect(brief(await call())).toBe('rate_limited 1');
      clock.advance(100);
      expect(await call()).toEqual({ allowed: true });
    });

    it('takes each route’s configured cost: an autointel run 10 tokens, a read 1', async () => {
      expect([sut.costOf('POST /autointel'), sut.costOf('GET /autointel')]).toEqual([10, 1]);
      for (let i = 0; i < 9; i++) expect(await call('k1', 'POST /autointel')).toEqual({ allowed: true });
      expect(brief(await call('k1', 'POST /autointel'))).toBe('rate_limited 10');
      expect(brief(await call('k1', 'GET /autointel'))).toBe('rate_limited 1');
      clock.advance(SEC);
      expect(await call('k1', 'GET /autointel')).toEqual({ allowed: true });
    });

    it('takes an explicit cost instead of the route’s', async () => {
      expect(await call('k1', 'GET /autointel', 't1', 90)).toEqual({ allowed: true });
      expect(brief(await call('k1', 'GET /autointel', 't1', 5))).toBe('rate_limited 5');
    });

    it('shares the tenant bucket (800) between the keys of one tenant, not with other tenants', async () => {
      for (let k = 1; k <= 8; k++) expect((await exhaust(`k${k}`))[0]).toBe(90);
      const [admitted, denial] = await exhaust('k9');
      expect(admitted).toBe(80);
      expect(denial).toEqual({ allowed: false, scope: 'tenant', reason: 'rate_limited', retryAfterSeconds: 1 });
      expect(brief(await call('k10'))).toBe('rate_limited 1');
      expect(await call('k11', 'GET /autointel', 't2')).toEqual({ allowed: true });
    });

    it('limits a key on one route apart from its other routes', async () => {
      sut = build({ scopes: { route: { perMinute: 60, burst: 5 } }, costs: [] });
      const [admitted, denial] = await exhaust('k1', 'GET /a');
      expect(admitted).toBe(5);
      expect(denial).toEqual({ allowed: false, scope: 'route', reason: 'rate_limited', retryAfterSeconds: 1 });
      expect(await call('k1', 'GET /b')).toEqual({ allowed: true });
      expect(await call('k2', 'GET /a')).toEqual({ allowed: true });
    });

    it('records each denial in the audit log and in rate_limit_denials_total{scope,reason}', async () => {
      await exhaust();
      await call();
      await call();
      expect(audit).toHaveLength(3);
      expect(audit[0]).toEqual({
        tenantId: 't1',
        actor: 'k1',
        action: 'rate_limit',
        resource: 'user:k1',
        decision: 'deny',
        reason: 'rate_limited',
        severity: 'low',
        extra: { route: 'GET /autointel', cost: 1, retryAfterSeconds: 1 },
      });
      expect(audit.map((e) => e.reason)).toEqual(['rate_limited', 'rate_limited', 'cooldown']);
      const text = await registry.getSingleMetricAsString('rate_limit_denials_total');
      expect(text).toContain('rate_limit_denials_total{scope="user",reason="rate_limited"} 2');
      expect(text).toContain('rate_limit_denials_total{scope="user",reason="cooldown"} 1');
      expect(text).toContain('rate_limit_denials_total{scope="provider",reason="cooldown"} 0');
    });

    it('admits everything when disabled', async () => {
      sut = build({ enabled: false });
      for (let i = 0; i < 1000; i++) expect(await call()).toEqual({ allowed: true });
      expect(audit).toEqual([]);
    });

    it('throws RateLimitCostError (at once, not as a rejection) for a cost that is not a whole number from 1 to the smallest burst', async () => {
      for (const cost of [0, 1.5, 91]) {
        let error: unknown;
        try {
          void call('k1', 'GET /x', 't1', cost);
        } catch (e) {
          error = e;
        }
        expect(RateLimitCostError.is(error)).toBe(true);
        expect((error as Error).message).toBe(
          `Rate-limit cost of GET /x must be a whole number from 1 to 90, got ${cost}`,
        );
      }
    });
  });

  describe('consumeProvider', () => {
    it('admits 400 calls to one provider at once, denies the 401st, and keeps providers apart', async () => {
      for (let i = 0; i < 400; i++)
        expect(await sut.consumeProvider({ provider: 'openai' })).toEqual({ allowed: true });
      expect(await sut.consumeProvider({ provider: 'openai', tenantId: 't1' })).toEqual({
        allowed: false,
        scope: 'provider',
        reason: 'rate_limited',
        retryAfterSeconds: 1,
      });
      expect(audit[0]).toMatchObject({ tenantId: 't1', actor: 'system', resource: 'provider:openai' });
      expect(await sut.consumeProvider({ provider: 'anthropic' })).toEqual({ allowed: true });
    });
  });

  describe('forceCooldown', () => {
    it('denies every request of the key with `cooldown` until it ends, then admits again', async () => {
      expect(await sut.forceCooldown('k1', 60)).toBe(60);
      expect(await call()).toEqual({ allowed: false, scope: 'user', reason: 'cooldown', retryAfterSeconds: 60 });
      clock.advance(59_500);
      expect(brief(await call())).toBe('cooldown 1');
      expect(await call('k2')).toEqual({ allowed: true });
      clock.advance(500);
      expect(await call()).toEqual({ allowed: true });
    });

    it('never shortens a cooldown in force, from escalation or forced', async () => {
      await exhaust();
      await call();
      expect(brief(await call())).toBe('cooldown 30');
      expect(await sut.forceCooldown('k1', 10)).toBe(30);
      expect(await sut.forceCooldown('k1', 600)).toBe(600);
      expect(await sut.forceCooldown('k1', 120)).toBe(600);
      expect(brief(await call())).toBe('cooldown 600');
    });

    it('rejects a duration that is not a positive number of seconds', async () => {
      await expect(sut.forceCooldown('k1', 0)).rejects.toThrow('A cooldown needs a positive number of seconds, got 0');
    });
  });
});
