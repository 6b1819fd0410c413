/** A place among the runs executing on this instance; `release()` gives it back (a second call does nothing). */
export interface RunSlot {
  readonly tenantId: string;
  release(): void;
}

/** Why no slot was given at once: every slot is taken (`concurrency`), or every slot the tenant may hold (`tenant`). */
export interface RunLimitReached {
  readonly limit: 'concurrency' | 'tenant';
  /** The limit that was reached. */
  readonly max: number;
}

/** The limits of a {@link RunLimiter}. */
export interface RunLimits {
  /** Runs at once. */
  readonly concurrency: number;
  /** Runs at once of one tenant; at or above `concurrency` it never binds. */
  readonly maxRunningPerTenant: number;
}

interface Waiter {
  readonly tenantId: string;
  readonly grant: (slot: RunSlot) => void;
}

/** True when {@link RunLimiter.tryAcquire} gave no slot. */
export function isRunLimitReached(value: RunSlot | RunLimitReached): value is RunLimitReached {
  return 'limit' in value;
}

/**
 * The run slots of one instance: at most `concurrency` runs at once, and at most `maxRunningPerTenant` of one
 * tenant. Waiters are served in arrival order, except that a waiter whose tenant holds all it may lets those behind
 * it go first, so that one tenant's backlog never holds up another tenant's runs. Pure: no timers, no Nest.
 *
 * @example
 * const slots = new RunLimiter({ concurrency: 4, maxRunningPerTenant: 2 });
 * const slot = await slots.acquire('acme', signal);
 * try { await work(); } finally { slot.release(); }
 */
export class RunLimiter {
  private running = 0;
  private readonly byTenant = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(readonly limits: RunLimits) {
    for (const [key, value] of Object.entries(limits))
      if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be an integer ≥ 1, got ${value}`);
  }

  /** A slot now, or the limit that stands in the way. Waiters never lose to it: one is served as soon as it can be. */
  tryAcquire(tenantId: string): RunSlot | RunLimitReached {
    if (this.running >= this.limits.concurrency) return { limit: 'concurrency', max: this.limits.concurrency };
    if (this.runningOf(tenantId) >= this.limits.maxRunningPerTenant)
      return { limit: 'tenant', max: this.limits.maxRunningPerTenant };
    return this.take(tenantId);
  }

  /** A slot as soon as the limits allow one to the tenant; rejects with the signal's reason if it aborts first. */
  acquire(tenantId: string, signal?: AbortSignal): Promise<RunSlot> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    const now = this.tryAcquire(tenantId);
    if (!isRunLimitReached(now)) return Promise.resolve(now);
    return new Promise<RunSlot>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        tenantId,
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs holding a slot of the tenant. */
  runningOf(tenantId: string): number {
    return this.byTenant.get(tenantId) ?? 0;
  }

  /** Slots held and callers waiting for one. */
  stats(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private take(tenantId: string): RunSlot {
    this.running++;
    this.byTenant.set(tenantId, this.runningOf(tenantId) + 1);
    let held = true;
    return {
      tenantId,
      release: () => {
        if (!held) return;
        held = false;
        this.running--;
        const left = this.runningOf(tenantId) - 1;
        if (left === 0) this.byTenant.delete(tenantId);
        else this.byTenant.set(tenantId, left);
        this.serve();
      },
    };
  }

  /** Grants slots to the first waiters that may take one, until none is left or none may. */
  private serve(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.limits.concurrency;) {
      const waiter = this.waiting[i];
      if (this.runningOf(waiter.tenantId) >= this.limits.maxRunningPerTenant) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      waiter.grant(this.take(waiter.tenantId));
    }
  }
}
