import type { SecurityThreat, ThreatStatus } from './threat.types';

/** Which tenant's threats: one tenant's, or every tenant's (an administrator's view, tenantless threats included). */
export type ThreatScope = { readonly tenantId: string } | { readonly allTenants: true };

export interface ThreatQuery {
  readonly scope: ThreatScope;
  /** Only these statuses; all when absent. */
  readonly statuses?: readonly ThreatStatus[];
  /** At most this many, newest first. */
  readonly limit?: number;
}

/** Where threats are kept. Listing is newest first (detection order, reversed). */
export interface ThreatStore {
  /** Inserts a threat or replaces the one with its id. */
  save(threat: SecurityThreat): Promise<void>;
  get(threatId: string): Promise<SecurityThreat | undefined>;
  list(query: ThreatQuery): Promise<SecurityThreat[]>;
  /** Deletes threats detected before `cutoff` (epoch ms); returns how many. */
  deleteDetectedBefore(cutoff: number): Promise<number>;
  /** Deletes all but the `keep` newest threats; returns how many. */
  deleteBeyond(keep: number): Promise<number>;
}

export const THREAT_STORE = Symbol('THREAT_STORE');

/** Whether `threat` is inside `scope`. */
export function inScope(threat: SecurityThreat, scope: ThreatScope): boolean {
  return 'allTenants' in scope || threat.tenantId === scope.tenantId;
}
