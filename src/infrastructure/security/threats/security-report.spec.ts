import { buildSecurityReport, mitigationRate, RECOMMENDATIONS, scoreV1, vulnerabilityFixRate } from './security-report';
import type { SecurityThreat, ThreatLevel } from './threat.types';

let n = 0;
function threat(level: ThreatLevel): SecurityThreat {
  n++;
  return {
    threatId: `THR_1800000000_${n.toString(16).padStart(8, '0')}`,
    threatType: 'injection_attempt',
    threatLevel: level,
    description: 'd',
    timestamp: '2027-01-15T08:00:00.000Z',
    metadata: {},
    status: 'open',
    mitigated: false,
  };
}
const many = (count: number, level: ThreatLevel) => Array.from({ length: count }, () => threat(level));

describe('scoreV1', () => {
  it.each<[string, SecurityThreat[], number]>([
    ['nothing active', [], 100],
    ['1 high', many(1, 'high'), 90],
    ['1 critical', many(1, 'critical'), 75],
    ['2 critical and 3 high', [...many(2, 'critical'), ...many(3, 'high')], 20],
    ['4 critical and 1 high (floor)', [...many(4, 'critical'), ...many(1, 'high')], 0],
    ['medium and low only', [...many(5, 'medium'), ...many(5, 'low')], 100],
  ])('%s → %d', (_case, active, expected) => {
    expect(scoreV1(active)).toBe(expected);
  });
});

describe('rates', () => {
  it('mitigation rate: 100 with nothing detected, else mitigated / detected', () => {
    expect([
      mitigationRate({ detected: 0, mitigated: 0 }),
      mitigationRate({ detected: 4, mitigated: 3 }),
      mitigationRate({ detected: 3, mitigated: 0 }),
    ]).toEqual([100, 75, 0]);
  });

  it('fix rate: 100 with nothing found, else fixed / (fixed + found)', () => {
    expect([
      vulnerabilityFixRate({ found: 0, fixed: 0, lastScan: null }),
      vulnerabilityFixRate({ found: 0, fixed: 3, lastScan: null }),
      vulnerabilityFixRate({ found: 3, fixed: 0, lastScan: null }),
      vulnerabilityFixRate({ found: 3, fixed: 1, lastScan: null }),
    ]).toEqual([100, 100, 0, 25]);
  });
});

describe('buildSecurityReport', () => {
  it('gives the three recommendations in order, each on its own condition', () => {
    const vulns = { found: 1, fixed: 0, lastScan: '2027-01-15T08:00:00.000Z' };
    expect(buildSecurityReport(null, [], { detected: 10, mitigated: 8 }, vulns).recommendations).toEqual([
      RECOMMENDATIONS.investigateThreats,
      RECOMMENDATIONS.fixVulnerabilities,
      RECOMMENDATIONS.improveMitigation,
    ]);
    const none = { found: 0, fixed: 0, lastScan: null };
    expect(buildSecurityReport(null, [], { detected: 10, mitigated: 9 }, none).recommendations).toEqual([
      RECOMMENDATIONS.investigateThreats,
    ]);
  });

  it('summarises the 5 newest of the active threats it is given (newest first)', () => {
    const active = [...many(2, 'critical'), ...many(4, 'high'), ...many(1, 'low')];
    const report = buildSecurityReport(
      'acme',
      active,
      { detected: 7, mitigated: 0 },
      { found: 0, fixed: 0, lastScan: null },
    );
    expect(report.threat_summary).toEqual({
      total_active_threats: 7,
      critical_threats: 2,
      high_threats: 4,
      recent_threats: active.slice(0, 5),
    });
    expect(report.security_score).toBe(10);
  });
});
