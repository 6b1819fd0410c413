import { buildThreats, principalOf, T0 } from '../../../../test/fixtures/security/threats-harness';
import { ThreatService } from './threat.service';

const ACME = principalOf('acme', 'k_acme');
const GLOBEX = principalOf('globex', 'k_globex');
const DAY = 86_400_000;
const sql = [{ field: 'q', value: 'x union select y' }];

describe(`${ThreatService.name} lifecycle`, () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  describe('resolve', () => {
    it('closes an open threat with the trimmed note: it no longer counts as active, and is audited', async () => {
      const { sut, audit } = buildThreats();
      const [open] = (await sut.inspect(sql, ACME, '203.0.113.5', 'monitor')).threats;
      expect((await sut.securityReport({ tenantId: 'acme' })).security_score).toBe(90);
      jest.advanceTimersByTime(60_000);
      const result = await sut.resolve(
        open.threatId,
        { tenantId: 'acme' },
        'ops@acme',
        '  false positive: a SQL lesson ',
      );
      expect(result).toEqual({
        status: 'ok',
        data: {
          ...open,
          status: 'resolved',
          resolvedAt: '2027-01-15T08:01:00.000Z',
          resolvedBy: 'ops@acme',
          resolutionNote: 'false positive: a SQL lesson',
        },
      });
      const report = await sut.securityReport({ tenantId: 'acme' });
      expect([report.security_score, report.threat_summary.total_active_threats]).toEqual([100, 0]);
      expect(report.threat_summary.recent_threats).toEqual([]);
      expect(audit.events.at(-1)).toEqual({
        tenantId: 'acme',
        actor: 'ops@acme',
        action: 'threat_resolved',
        resource: open.threatId,
        decision: 'info',
        reason: 'false positive: a SQL lesson',
        severity: 'high',
      });
      expect(await sut.list({ tenantId: 'acme' }, ['resolved'])).toEqual([result.status === 'ok' && result.data]);
    });

    it('closes a mitigated threat too, keeping its mitigation', async () => {
      const { sut } = buildThreats();
      const [mitigated] = (await sut.inspect(sql, ACME)).threats;
      const result = await sut.resolve(mitigated.threatId, { tenantId: 'acme' }, 'ops', 'blocked, reviewed');
      expect(
        result.status === 'ok' && [result.data.status, result.data.mitigated, result.data.mitigationAction],
      ).toEqual(['resolved', true, 'block_request']);
    });

    it("refuses a second resolution (conflict), an unknown id, another tenant's threat (not found) and an empty note", async () => {
      const { sut } = buildThreats();
      const [t] = (await sut.inspect(sql, ACME, undefined, 'monitor')).threats;
      expect(await sut.resolve(t.threatId, { tenantId: 'acme' }, 'ops', ' ')).toMatchObject({
        status: 'error',
        category: 'validation',
        error: 'note must be 1 to 2000 characters',
      });
      expect(await sut.resolve(t.threatId, { tenantId: 'globex' }, 'ops', 'mine')).toMatchObject({
        status: 'error',
        category: 'not_found',
        error: `No threat ${t.threatId}`,
      });
      expect(await sut.resolve('THR_0_00000000', { allTenants: true }, 'ops', 'x')).toMatchObject({
        category: 'not_found',
      });
      expect((await sut.resolve(t.threatId, { allTenants: true }, 'admin', 'done')).status).toBe('ok');
      expect(await sut.resolve(t.threatId, { tenantId: 'acme' }, 'ops', 'again')).toMatchObject({
        status: 'error',
        category: 'conflict',
        error: `Threat ${t.threatId} was already resolved at 2027-01-15T08:00:00.000Z`,
      });
    });
  });

  describe('tenant scope', () => {
    it("reports each tenant's threats and counters apart; the all-tenants view adds them and tenantless threats", async () => {
      const { sut } = buildThreats();
      await sut.inspect(sql, ACME, undefined, 'monitor');
      await sut.inspect(sql, GLOBEX, undefined, 'monitor');
      await sut.inspect(sql, GLOBEX);
      await sut.report({ type: 'policy_violation', level: 'critical', description: 'before a tenant was known' });
      const acme = await sut.securityReport({ tenantId: 'acme' });
      const globex = await sut.securityReport({ tenantId: 'globex' });
      const all = await sut.securityReport({ allTenants: true });
      expect([acme.tenant, acme.security_score, acme.metrics.threats_detected, acme.metrics.mitigation_rate]).toEqual([
        'acme',
        90,
        1,
        0,
      ]);
      expect([globex.security_score, globex.metrics.threats_detected, globex.metrics.mitigation_rate]).toEqual([
        90, 2, 50,
      ]);
      expect([all.tenant, all.security_score, all.metrics.threats_detected, all.metrics.threats_mitigated]).toEqual([
        null,
        55,
        4,
        1,
      ]);
      expect(acme.threat_summary.recent_threats.map((t) => t.tenantId)).toEqual(['acme']);
      expect(all.threat_summary).toMatchObject({ total_active_threats: 3, critical_threats: 1, high_threats: 2 });
    });

    it("never lets one tenant read another tenant's threat", async () => {
      const { sut } = buildThreats();
      const [g] = (await sut.inspect(sql, GLOBEX)).threats;
      expect(await sut.get(g.threatId, { tenantId: 'acme' })).toBeUndefined();
      expect(await sut.get(g.threatId, { tenantId: 'globex' })).toEqual(g);
      expect(await sut.list({ tenantId: 'acme' })).toEqual([]);
      expect((await sut.list({ allTenants: true })).map((t) => t.threatId)).toEqual([g.threatId]);
    });
  });

  describe('prune', () => {
    it('deletes threats older than threats.retentionDays, whatever their status, and expired blocklist entries', async () => {
      const { sut, blocklist } = buildThreats();
      await sut.inspect(sql, ACME, undefined, 'monitor');
      await sut.recordRequest(ACME, '203.0.113.7', 20_000_000);
      jest.advanceTimersByTime(DAY);
      await sut.inspect(sql, ACME, undefined, 'monitor');
      jest.setSystemTime(T0 + 30 * DAY);
      expect(await sut.prune()).toEqual({ threats: 0, blocklistEntries: 1, idleWindows: 2 });
      expect(blocklist.list(Date.now())).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(await sut.prune()).toEqual({ threats: 2, blocklistEntries: 0, idleWindows: 0 });
      expect((await sut.list({ allTenants: true })).map((t) => t.timestamp)).toEqual(['2027-01-16T08:00:00.000Z']);
    });
  });
});
