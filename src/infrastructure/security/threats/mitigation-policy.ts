import { assertNever } from '../../../core/result/step-result';
import { MitigationAction, SHARED_PRINCIPALS, type SecurityThreat } from './threat.types';

/**
 * The action auto-mitigation takes for a threat: none below high; otherwise by type. Injection blocks the
 * request; rate-limit abuse forces a cooldown; exfiltration blocks the IP. Too many authentication failures
 * block the IP when the IP's window went over (it shuts the attacker out without locking the key's owner out),
 * and the principal when only the key id's window did (a key attacked from many addresses) and the key is not
 * shared by many callers. Other types have
 * no automatic action.
 */
export function chooseMitigation(threat: SecurityThreat): MitigationAction | undefined {
  if (threat.threatLevel !== 'high' && threat.threatLevel !== 'critical') return undefined;
  const type = threat.threatType;
  switch (type) {
    case 'injection_attempt':
      return MitigationAction.BlockRequest;
    case 'rate_limit_exceeded':
      return MitigationAction.RateLimit;
    case 'data_exfiltration':
      return MitigationAction.BlockIp;
    case 'auth_failure': {
      const scopes = threat.metadata.scopes;
      const ipOver = Array.isArray(scopes) && scopes.includes('ip') && threat.sourceIp !== undefined;
      const keyUsable = threat.keyId !== undefined && !SHARED_PRINCIPALS.has(threat.keyId);
      return ipOver || !keyUsable ? MitigationAction.BlockIp : MitigationAction.BlockPrincipal;
    }
    case 'authz_violation':
    case 'suspicious_activity':
    case 'vulnerability_detected':
    case 'policy_violation':
      return undefined;
    default:
      return assertNever(type);
  }
}
