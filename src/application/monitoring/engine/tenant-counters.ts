/** What this instance counted for one tenant since it started. */
export interface TenantCounts {
  checks: number;
  errors: number;
  notModified: number;
  itemsFound: number;
  runsStarted: number;
}

/** Per-tenant counters of checks, items and runs, in memory (the status operation reads them). */
export class TenantCounters {
  private readonly byTenant = new Map<string, TenantCounts>();

  of(tenantId: string): TenantCounts {
    let counts = this.byTenant.get(tenantId);
    if (!counts) {
      counts = { checks: 0, errors: 0, notModified: 0, itemsFound: 0, runsStarted: 0 };
      this.byTenant.set(tenantId, counts);
    }
    return counts;
  }

  reset(): void {
    this.byTenant.clear();
  }
}
