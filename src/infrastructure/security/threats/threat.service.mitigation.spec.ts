import { buildThreats, counterValues, principalOf, T0 } from '../../../../test/fixtures/security/threats-harness';
import { ThreatService } from './threat.service';

const ACME = principalOf('acme', 'k_acme');
const FIFTEEN_MINUTES = 900_000;

describe(`${ThreatService.name} auto-mitigation`, () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  describe('block_ip', () => {
    it('blocks the IP of a request body above 10 MiB for 15 minutes; the entry then expires', async () => {
      const { sut, blocklist, registry } = buildThreats();
      const r = await sut.recordRequest(ACME, '203.0.113.7', 10_485_761);
      expect(r.block).toBe(true);
      expect(r.threats.map((t) => [t.threatType, t.threatLevel, t.status, t.mitigationAction])).toEqual([
        ['data_exfiltration', 'high', 'mitigated', 'block_ip'],
      ]);
      expect(r.threats[0].mitigationExpiresAt).toBe('2027-01-15T08:15:00.000Z');
      expect(blocklist.isBlocked({ ip: '203.0.113.7' }, Date.now())).toEqual({
        blocked: true,
        kind: 'ip',
        until: T0 + FIFTEEN_MINUTES,
        reason: `data_exfiltration: ${r.threats[0].threatId}`,
      });
      jest.advanceTimersByTime(FIFTEEN_MINUTES - 1);
      expect(blocklist.isBlocked({ ip: '203.0.113.7' }, Date.now()).blocked).toBe(true);
      jest.advanceTimersByTime(1);
      expect(blocklist.isBlocked({ ip: '203.0.113.7' }, Date.now())).toEqual({ blocked: false });
      expect(await counterValues(registry, 'security_mitigations_total')).toEqual({ 'action=block_ip': 1 });
    });

    it('takes the TTL from threats.blocklistTtlMs', async () => {
      const { sut, blocklist } = buildThreats({ config: { blocklistTtlMs: 60_000 } });
      await sut.recordRequest(undefined, '203.0.113.7', 20_000_000);
      expect(blocklist.list(Date.now()).map((e) => e.until)).toEqual([T0 + 60_000]);
    });

    it('blocks the IP that fails authentication 11 times in a minute', async () => {
      const { sut, blocklist } = buildThreats();
      const found = [];
      for (let i = 0; i < 11; i++) found.push(...(await sut.recordAuthFailure({ ip: '198.51.100.20' })));
      expect(found.map((t) => [t.threatType, t.threatLevel, t.mitigationAction])).toEqual([
        ['auth_failure', 'high', 'block_ip'],
      ]);
      expect(blocklist.isBlocked({ ip: '198.51.100.20' }, Date.now()).blocked).toBe(true);
    });
  });

  describe('block_principal', () => {
    it('blocks a key id that fails authentication from many IPs, not the IPs', async () => {
      const { sut, blocklist, audit } = buildThreats();
      const found = [];
      for (let i = 0; i < 11; i++) {
        found.push(...(await sut.recordAuthFailure({ keyId: 'k_acme', ip: `198.51.100.${i}`, tenantId: 'acme' })));
      }
      expect(found.map((t) => [t.threatType, t.mitigationAction, t.keyId, t.tenantId])).toEqual([
        ['auth_failure', 'block_principal', 'k_acme', 'acme'],
      ]);
      expect(blocklist.list(Date.now()).map((e) => [e.kind, e.value])).toEqual([['principal', 'k_acme']]);
      expect(audit.actions()).toEqual(['threat_detected/alert', 'threat_mitigated/block']);
      expect(audit.events[1].reason).toBe('Auto-mitigation: block_principal');
    });
  });

  describe('rate_limit', () => {
    it("forces the principal into the rate limiter's cooldown for threats.cooldownSeconds", async () => {
      const cooldown = jest.fn<void, [string, number]>();
      const { sut } = buildThreats({ cooldown });
      const t = await sut.report({
        type: 'rate_limit_exceeded',
        level: 'high',
        description: 'Cooldown escalated three times in 15 minutes',
        keyId: 'k_acme',
        tenantId: 'acme',
      });
      expect(cooldown.mock.calls).toEqual([['k_acme', 600]]);
      expect([t.status, t.mitigationAction, t.mitigationExpiresAt]).toEqual([
        'mitigated',
        'rate_limit',
        '2027-01-15T08:10:00.000Z',
      ]);
    });

    it('cools down a principal refused more than threats.rateLimitDenialsPerWindow times in a window', async () => {
      const cooldown = jest.fn<void, [string, number]>();
      const { sut, store } = buildThreats({ cooldown, config: { rateLimitDenialsPerWindow: 3 } });
      const denial = { scope: 'user', reason: 'rate_limited' };
      const found = [];
      for (let i = 0; i < 5; i++) found.push(...(await sut.recordRateLimitDenial(ACME, '10.0.0.1', denial)));
      expect(found.map((t) => [t.threatType, t.threatLevel, t.status, t.mitigationAction, t.tenantId])).toEqual([
        ['rate_limit_exceeded', 'high', 'mitigated', 'rate_limit', 'acme'],
      ]);
      expect(found[0].metadata).toEqual({
        detector: 'rate_limit_denials',
        scopes: ['principal', 'ip'],
        limit: 3,
        window_ms: 60_000,
        rate_limit_scope: 'user',
        rate_limit_reason: 'rate_limited',
      });
      expect(cooldown.mock.calls).toEqual([['k_acme', 600]]);
      expect((await store.list({ scope: { tenantId: 'acme' } })).map((t) => t.status)).toEqual(['mitigated']);
    });

    it('leaves the threat open and audits the failure when no rate limiter provides FORCE_COOLDOWN', async () => {
      const { sut, audit, registry } = buildThreats();
      const t = await sut.report({ type: 'rate_limit_exceeded', level: 'critical', description: 'abuse', keyId: 'k1' });
      expect([t.status, t.mitigated]).toEqual(['open', false]);
      expect(audit.events.map((e) => [e.action, e.decision, e.reason])).toEqual([
        ['threat_detected', 'alert', 'abuse'],
        [
          'threat_mitigation_failed',
          'alert',
          'Auto-mitigation rate_limit not applied: no rate limiter provides FORCE_COOLDOWN',
        ],
      ]);
      expect(await counterValues(registry, 'security_mitigations_total')).toEqual({});
      expect((await sut.securityReport({ allTenants: true })).security_score).toBe(75);
    });

    it('never cools down a shared principal (anonymous)', async () => {
      const cooldown = jest.fn<void, [string, number]>();
      const { sut, audit } = buildThreats({ cooldown });
      const t = await sut.report({ type: 'rate_limit_exceeded', level: 'high', description: 'x', keyId: 'anonymous' });
      expect([t.status, cooldown.mock.calls]).toEqual(['open', []]);
      expect(audit.events[1].reason).toBe(
        'Auto-mitigation rate_limit not applied: principal anonymous is shared by many callers',
      );
    });

    it('leaves the threat open when the cooldown fails, naming the error', async () => {
      const { sut, audit } = buildThreats({
        cooldown: () => Promise.reject(new Error('limiter store unreachable')),
      });
      const t = await sut.report({ type: 'rate_limit_exceeded', level: 'high', description: 'abuse', keyId: 'k1' });
      expect(t.status).toBe('open');
      expect(audit.events[1].reason).toBe('Auto-mitigation rate_limit not applied: limiter store unreachable');
    });
  });

  describe('what is not mitigated', () => {
    it('never acts on a medium threat (a request rate above 100 a minute is audited as monitor)', async () => {
      const { sut, audit, blocklist } = buildThreats();
      const found = [];
      for (let i = 0; i < 101; i++) found.push(...(await sut.recordRequest(ACME, '10.0.0.1')).threats);
      expect(found.map((t) => [t.threatType, t.threatLevel, t.status])).toEqual([
        ['suspicious_activity', 'medium', 'open'],
      ]);
      expect(audit.actions()).toEqual(['threat_detected/monitor']);
      expect(blocklist.list(Date.now())).toEqual([]);
      expect((await sut.securityReport({ tenantId: 'acme' })).security_score).toBe(100);
    });

    it('takes no action for types without one (an authorization violation)', async () => {
      const { sut, audit } = buildThreats();
      const t = await sut.report({ type: 'authz_violation', level: 'critical', description: 'x', tenantId: 'acme' });
      expect(t.status).toBe('open');
      expect(audit.actions()).toEqual(['threat_detected/alert']);
    });

    it('does not count a shared principal (anonymous) as one caller: its requests count per IP', async () => {
      const { sut } = buildThreats();
      const anonymous = principalOf('public', 'anonymous');
      const found = [];
      for (let i = 0; i < 101; i++) found.push(...(await sut.recordRequest(anonymous, `10.0.1.${i}`)).threats);
      expect(found).toEqual([]);
    });
  });
});
