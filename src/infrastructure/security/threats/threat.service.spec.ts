import { buildThreats, counterValues, principalOf, T0 } from '../../../../test/fixtures/security/threats-harness';
import { RECOMMENDATIONS } from './security-report';
import { ThreatService } from './threat.service';

const ACME = principalOf('acme', 'k_acme');
const IP = '203.0.113.5';
const UNION = String.raw`union\s+select`;

describe(ThreatService.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  describe('acceptance', () => {
    it('check 1: "x UNION   SELECT y" → exactly 1 threat, injection_attempt/high, attack_type sql_injection, auto-mitigated with block_request; detected 1, mitigated 1, score 100, mitigation rate 100', async () => {
      const { sut, registry } = buildThreats();
      const result = await sut.inspect([{ field: 'text', value: 'x UNION   SELECT y' }], ACME, IP);
      expect(result).toEqual({
        block: true,
        field: 'text',
        threats: [
          {
            threatId: 'THR_1800000000_fffffe07',
            threatType: 'injection_attempt',
            threatLevel: 'high',
            description: `Detected sql_injection pattern: ${UNION}`,
            sourceIp: IP,
            keyId: 'k_acme',
            tenantId: 'acme',
            timestamp: '2027-01-15T08:00:00.000Z',
            metadata: {
              attack_type: 'sql_injection',
              pattern: UNION,
              rule: 'sql_injection.union_select',
              fields: ['text'],
            },
            status: 'mitigated',
            mitigated: true,
            mitigationAction: 'block_request',
            mitigatedAt: '2027-01-15T08:00:00.000Z',
          },
        ],
      });
      const report = await sut.securityReport({ tenantId: 'acme' });
      expect(report.security_score).toBe(100);
      expect(report.metrics).toEqual({
        threats_detected: 1,
        threats_mitigated: 1,
        mitigation_rate: 100,
        vulnerabilities_found: 0,
        vulnerabilities_fixed: 0,
        vulnerability_fix_rate: 100,
      });
      expect(await counterValues(registry, 'security_threats_total')).toEqual({
        'type=injection_attempt,level=high': 1,
      });
      expect(await counterValues(registry, 'security_mitigations_total')).toEqual({ 'action=block_request': 1 });
    });

    it('check 2: "\'; drop table t" → 2 threats, "<script>eval(1)" → 2 xss threats, benign text → 0 threats and counters unchanged', async () => {
      const { sut } = buildThreats();
      const drop = await sut.inspect([{ field: 'q', value: "'; drop table t" }], ACME, IP);
      expect(drop.threats.map((t) => [t.metadata.attack_type, t.metadata.pattern])).toEqual([
        ['sql_injection', String.raw`drop\s+table`],
        ['sql_injection', String.raw`;\s*drop\s+`],
      ]);
      const xss = await sut.inspect([{ field: 'q', value: '<script>eval(1)' }], ACME, IP);
      expect(xss.threats.map((t) => [t.metadata.attack_type, t.metadata.pattern])).toEqual([
        ['xss_attempt', '<script.*?>'],
        ['xss_attempt', String.raw`eval\s*\(`],
      ]);
      const before = (await sut.securityReport({ tenantId: 'acme' })).metrics;
      expect(before).toMatchObject({ threats_detected: 4, threats_mitigated: 4 });
      const benign = await sut.inspect([{ field: 'q', value: 'Summarise the latest upload, please.' }], ACME, IP);
      expect(benign).toEqual({ threats: [], block: false });
      expect((await sut.securityReport({ tenantId: 'acme' })).metrics).toEqual(before);
    });

    it('check 3: auto-mitigation off → 1 high: score 90, 3 high: 70, 11 high: 0 (floor); recommendations are threats + mitigation', async () => {
      const { sut } = buildThreats({ config: { autoMitigation: false } });
      const scores: number[] = [];
      for (let i = 1; i <= 11; i++) {
        const r = await sut.inspect([{ field: 'q', value: 'x union select y' }], ACME, IP);
        expect(r.block).toBe(false);
        if ([1, 3, 11].includes(i)) scores.push((await sut.securityReport({ tenantId: 'acme' })).security_score);
      }
      expect(scores).toEqual([90, 70, 0]);
      const report = await sut.securityReport({ tenantId: 'acme' });
      expect(report.recommendations).toEqual([RECOMMENDATIONS.investigateThreats, RECOMMENDATIONS.improveMitigation]);
      expect(report.metrics).toMatchObject({ threats_detected: 11, threats_mitigated: 0, mitigation_rate: 0 });
      expect(report.threat_summary).toMatchObject({ total_active_threats: 11, critical_threats: 0, high_threats: 11 });
    });

    it('check 4: a fresh instance reports score 100, both rates 100, no recommendations; recent_threats holds at most 5, newest first', async () => {
      const { sut } = buildThreats();
      expect(await sut.securityReport({ tenantId: 'acme' })).toEqual({
        tenant: 'acme',
        score_version: 'v1',
        security_score: 100,
        threat_summary: { total_active_threats: 0, critical_threats: 0, high_threats: 0, recent_threats: [] },
        vulnerability_summary: { total_vulnerabilities: 0, last_scan: null, fix_rate: 100 },
        metrics: {
          threats_detected: 0,
          threats_mitigated: 0,
          mitigation_rate: 100,
          vulnerabilities_found: 0,
          vulnerabilities_fixed: 0,
          vulnerability_fix_rate: 100,
        },
        recommendations: [],
      });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await sut.inspect([{ field: 'q', value: 'a && b' }], ACME, IP, 'monitor');
        ids.push(r.threats[0].threatId);
        jest.advanceTimersByTime(1000);
      }
      const recent = (await sut.securityReport({ tenantId: 'acme' })).threat_summary.recent_threats;
      expect(recent.map((t) => t.threatId)).toEqual(ids.slice(2).reverse());
      expect(recent.map((t) => t.timestamp)).toEqual([6, 5, 4, 3, 2].map((s) => new Date(T0 + s * 1000).toISOString()));
    });

    it('check 5: a high threat is audited threat_detected/alert, then threat_mitigated/block; a missing IP and user are "unknown"', async () => {
      const { sut, audit } = buildThreats();
      const { threats } = await sut.inspect([{ field: 'q', value: 'x union select y' }]);
      const metadata = {
        attack_type: 'sql_injection',
        pattern: UNION,
        rule: 'sql_injection.union_select',
        fields: ['q'],
      };
      expect(audit.events).toEqual([
        {
          actor: 'unknown',
          action: 'threat_detected',
          resource: 'unknown',
          decision: 'alert',
          reason: `Detected sql_injection pattern: ${UNION}`,
          severity: 'high',
          extra: { threat_id: threats[0].threatId, threat_type: 'injection_attempt', metadata },
        },
        {
          actor: 'security_orchestrator',
          action: 'threat_mitigated',
          resource: 'unknown',
          decision: 'block',
          reason: 'Auto-mitigation: block_request',
          severity: 'high',
          extra: { threat_id: threats[0].threatId, mitigation_action: 'block_request' },
        },
      ]);
    });

    it('check 5: with an IP and a principal, the entries name them and carry the tenant', async () => {
      const { sut, audit } = buildThreats();
      await sut.inspect([{ field: 'q', value: 'x union select y' }], ACME, IP);
      expect(audit.events.map((e) => [e.action, e.actor, e.resource, e.tenantId])).toEqual([
        ['threat_detected', 'k_acme', IP, 'acme'],
        ['threat_mitigated', 'security_orchestrator', IP, 'acme'],
      ]);
    });
  });

  describe('threat ids', () => {
    it('draws again when an id is already taken (32 random bits can repeat within a second)', async () => {
      const draws = [0.5, 0.5, 0.25];
      const { sut } = buildThreats({ random: { next: () => draws.shift() ?? 0 } });
      const a = await sut.report({ type: 'policy_violation', level: 'low', description: 'a' });
      const b = await sut.report({ type: 'policy_violation', level: 'low', description: 'b' });
      expect([a.threatId, b.threatId]).toEqual(['THR_1800000000_80000000', 'THR_1800000000_40000000']);
    });
  });

  describe('inspect', () => {
    it('names the first field of the blocking threat', async () => {
      const { sut } = buildThreats();
      const r = await sut.inspect(
        [
          { field: 'title', value: 'Weekly notes' },
          { field: 'body', value: 'see ../../etc/passwd' },
        ],
        ACME,
        IP,
      );
      expect([r.block, r.field, r.threats.length]).toEqual([true, 'body', 2]);
    });

    it('in monitor mode records open threats and blocks nothing, without a failed-mitigation entry', async () => {
      const { sut, audit } = buildThreats();
      const r = await sut.inspect([{ field: 'q', value: 'x union select y' }], ACME, IP, 'monitor');
      expect(r.block).toBe(false);
      expect(r.threats.map((t) => [t.status, t.mitigated])).toEqual([['open', false]]);
      expect(audit.actions()).toEqual(['threat_detected/alert']);
      expect((await sut.securityReport({ tenantId: 'acme' })).security_score).toBe(90);
    });

    it('uses threats.defaultMode when the call names no mode', async () => {
      const { sut } = buildThreats({ config: { defaultMode: 'monitor' } });
      expect((await sut.inspect([{ field: 'q', value: 'x union select y' }], ACME, IP)).block).toBe(false);
    });

    it('applies no pattern of a category switched off, nor a rule listed in disabledRules', async () => {
      const { sut } = buildThreats({ config: { commandInjection: false, disabledRules: ['xss_attempt.eval'] } });
      const r = await sut.inspect([{ field: 'q', value: 'run `ls` && eval(x) then javascript:go()' }], ACME, IP);
      expect(r.threats.map((t) => t.metadata.rule)).toEqual(['xss_attempt.javascript_uri']);
    });

    it('skips the backtick rule for a chat field that asks so, and still applies it to the others', async () => {
      const { sut } = buildThreats();
      const r = await sut.inspect(
        [
          { field: 'message', value: 'try `npm ci`', skip: ['command_injection.backticks'] },
          { field: 'command', value: 'try `npm ci`' },
        ],
        ACME,
        IP,
      );
      expect(r.threats.map((t) => t.metadata.fields)).toEqual([['command']]);
    });
  });
});
