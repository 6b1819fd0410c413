/** The resources a mission spends. */
export const BUDGET_RESOURCES = ['costUsd', 'toolCalls', 'iterations', 'seconds'] as const;
export type BudgetResource = (typeof BUDGET_RESOURCES)[number];
export type Amounts = Readonly<Partial<Record<BudgetResource, number>>>;

/** A reservation held for one step until it is reconciled. */
export interface Reservation {
  readonly id: number;
  readonly amounts: Amounts;
}

export type ReserveOutcome =
  | { readonly ok: true; readonly reservation: Reservation }
  | { readonly ok: false; readonly resource: BudgetResource; readonly needed: number; readonly left: number };

/**
 * A mission's budget ledger that concurrent steps cannot overspend: a step reserves its estimate before it starts,
 * and the check and the reservation are one synchronous step, so no other step can pass the check in between.
 * After the step, `reconcile` replaces the estimate with what it really spent (which may go over: money spent is
 * spent, and the next reservation then fails). The ledger's state is plain data, for a checkpoint.
 */
export class BudgetGuard {
  private spent: Record<BudgetResource, number> = { costUsd: 0, toolCalls: 0, iterations: 0, seconds: 0 };
  private held = new Map<number, Amounts>();
  private nextId = 1;

  /** `spent`: what a checkpointed ledger had spent (its {@link snapshot}), to go on from. */
  constructor(
    readonly limits: Readonly<Record<BudgetResource, number>>,
    spent: Amounts = {},
  ) {
    for (const resource of BUDGET_RESOURCES) this.spent[resource] = round(spent[resource] ?? 0);
  }

  /** The limit minus spent and held, per resource (negative after an overrun). */
  left(resource: BudgetResource): number {
    return round(this.limits[resource] - this.committed(resource));
  }

  /** The first resource whose spend is past its limit, if any. */
  breached(): BudgetResource | undefined {
    return BUDGET_RESOURCES.find((resource) => this.spent[resource] > this.limits[resource]);
  }

  /** Spent plus held, per resource. */
  committed(resource: BudgetResource): number {
    let held = 0;
    for (const a of this.held.values()) held += a[resource] ?? 0;
    return round(this.spent[resource] + held);
  }

  reserve(amounts: Amounts): ReserveOutcome {
    for (const resource of BUDGET_RESOURCES) {
      const needed = amounts[resource] ?? 0;
      const left = this.left(resource);
      if (needed > left) return { ok: false, resource, needed, left };
    }
    const reservation = { id: this.nextId++, amounts };
    this.held.set(reservation.id, amounts);
    return { ok: true, reservation };
  }

  /** Releases the reservation and records what the step actually spent. */
  reconcile(reservation: Reservation, actual: Amounts): void {
    if (!this.held.delete(reservation.id)) throw new Error(`reservation ${reservation.id} is not held`);
    for (const resource of BUDGET_RESOURCES)
      this.spent[resource] = round(this.spent[resource] + (actual[resource] ?? 0));
  }

  /** What was spent (reservations not included), for a checkpoint. */
  snapshot(): Readonly<Record<BudgetResource, number>> {
    return { ...this.spent };
  }
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
