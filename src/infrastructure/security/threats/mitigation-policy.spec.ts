import { chooseMitigation } from './mitigation-policy';
import { SECURITY_EVENT_TYPES, type SecurityEventType, type SecurityThreat, type ThreatLevel } from './threat.types';

function threat(type: SecurityEventType, level: ThreatLevel, extra: Partial<SecurityThreat> = {}): SecurityThreat {
  return {
    threatId: 'THR_1_00000000',
    threatType: type,
    threatLevel: level,
    description: 'd',
    timestamp: '2027-01-15T08:00:00.000Z',
    metadata: {},
    status: 'open',
    mitigated: false,
    ...extra,
  };
}

describe('chooseMitigation', () => {
  it('chooses by type for high and critical threats', () => {
    const auth = { keyId: 'k1', sourceIp: '10.0.0.1' };
    expect(SECURITY_EVENT_TYPES.map((t) => [t, chooseMitigation(threat(t, 'high', auth))])).toEqual([
      ['auth_failure', 'block_principal'],
      ['authz_violation', undefined],
      ['rate_limit_exceeded', 'rate_limit'],
      ['suspicious_activity', undefined],
      ['vulnerability_detected', undefined],
      ['policy_violation', undefined],
      ['data_exfiltration', 'block_ip'],
      ['injection_attempt', 'block_request'],
    ]);
    expect(chooseMitigation(threat('injection_attempt', 'critical'))).toBe('block_request');
  });

  it('never acts below high', () => {
    expect(
      SECURITY_EVENT_TYPES.flatMap((t) => [chooseMitigation(threat(t, 'low')), chooseMitigation(threat(t, 'medium'))]),
    ).toEqual(Array(16).fill(undefined));
  });

  it('blocks the IP for authentication failures when the IP went over its limit, or the key id is unknown or shared', () => {
    const over = (scopes: string[], extra: Partial<SecurityThreat>) =>
      chooseMitigation(threat('auth_failure', 'high', { metadata: { scopes }, ...extra }));
    expect([
      over(['ip'], { sourceIp: '10.0.0.1', keyId: 'k1' }),
      over(['principal', 'ip'], { sourceIp: '10.0.0.1', keyId: 'k1' }),
      over(['principal'], { sourceIp: '10.0.0.1', keyId: 'k1' }),
      over(['ip'], { sourceIp: '10.0.0.1' }),
      over(['principal'], { sourceIp: '10.0.0.1', keyId: 'anonymous' }),
    ]).toEqual(['block_ip', 'block_ip', 'block_principal', 'block_ip', 'block_ip']);
  });
});
