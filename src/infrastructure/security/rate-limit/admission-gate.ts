/** The answer of {@link AdmissionGate.tryEnter}: a slot to release when the run ends, or a refusal. */
export type Admission =
  { readonly full: false; readonly release: () => void } | { readonly full: true; readonly retryAfterSeconds: number };

export interface AdmissionGateOptions {
  /** Runs one tenant may have in flight at once. */
  readonly maxPerTenant: number;
  /** What a refusal tells the client to wait (the `Retry-After` header). */
  readonly retryAfterSeconds: number;
}

/**
 * Caps the runs each tenant has in flight at once on this instance, so that one tenant cannot take every worker.
 * Memory is bounded by the runs in flight: a tenant's count is dropped when its last run releases.
 *
 * @example
 * const admission = gate.tryEnter(principal.tenantId);
 * if (admission.full) return reply.code(429).header('Retry-After', String(admission.retryAfterSeconds)).send();
 * try { await run(); } finally { admission.release(); }
 */
export class AdmissionGate {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly options: AdmissionGateOptions) {
    if (!(Number.isInteger(options.maxPerTenant) && options.maxPerTenant >= 1)) {
      throw new RangeError(`maxPerTenant must be a whole number ≥ 1, got ${options.maxPerTenant}`);
    }
  }

  /** Takes a slot for `tenantId`, or says the tenant is at its cap. `release` frees it; a second call does nothing. */
  tryEnter(tenantId: string): Admission {
    const running = this.inFlight.get(tenantId) ?? 0;
    if (running >= this.options.maxPerTenant) return { full: true, retryAfterSeconds: this.options.retryAfterSeconds };
    this.inFlight.set(tenantId, running + 1);
    let released = false;
    return {
      full: false,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlight.get(tenantId) ?? 1) - 1;
        if (left > 0) this.inFlight.set(tenantId, left);
        else this.inFlight.delete(tenantId);
      },
    };
  }

  /** Runs in flight for `tenantId`. */
  running(tenantId: string): number {
    return this.inFlight.get(tenantId) ?? 0;
  }

  /** Tenants with at least one run in flight. */
  get tenants(): number {
    return this.inFlight.size;
  }
}
