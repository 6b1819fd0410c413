import { AsyncLocalStorage } from 'node:async_hooks';
import { BudgetExceededError } from './budget-exceeded.error';
import { budgetLimitsFor, costTaskOf, type BudgetLimits } from './cost-table';

/**
 * Spend is kept in whole nano-dollars, so sums are exact: $0.10 + $0.20 fits a $0.30 cap and reads back as 0.3,
 * not 0.30000000000000004. Amounts are rounded to the nearest nano-dollar.
 */
const NANO = 1e9;
const toNano = (dollars: number): number => Math.round(dollars * NANO);

/** A point-in-time view of a {@link RequestBudget}, for results and logs. */
export interface BudgetSnapshot {
  readonly spent: number;
  readonly totalLimit: number;
  /** spent / totalLimit, a fraction (0.08 = 8 %); 0 when the limit is 0. */
  readonly utilisation: number;
  /** Spend per cost-table task (see {@link costTaskOf}). */
  readonly byTask: Readonly<Record<string, number>>;
}

/**
 * What one run may still spend on LLM calls: a total limit and per-task caps,
 * with the spend so far. One instance per run, made visible to everything the run awaits through
 * {@link runWithBudget} — never shared between runs.
 *
 * Task ids are grouped by {@link costTaskOf} (`analysis.fact` draws on the `verification` cap, `integration` on
 * `knowledge`); an id with no cap is bounded by the total only.
 *
 * @example
 * const budget = RequestBudget.forDepth('standard');
 * budget.charge('analysis', 0.5);
 * budget.canCharge('analysis', 0.3); // false: the analysis cap is $0.75
 */
export class RequestBudget {
  readonly totalLimit: number;
  private readonly totalCap: number;
  private readonly caps: ReadonlyMap<string, number>;
  /** Nano-dollars per cost task, and in total. */
  private readonly byTask = new Map<string, number>();
  private total = 0;

  constructor(limits: BudgetLimits) {
    assertAmount('totalLimit', limits.totalLimit);
    const caps = new Map<string, number>();
    for (const [task, cap] of Object.entries(limits.perTaskLimits)) {
      if (cap === undefined) continue;
      assertAmount(`perTaskLimits.${task}`, cap);
      caps.set(task, cap);
    }
    this.totalLimit = limits.totalLimit;
    this.totalCap = toNano(limits.totalLimit);
    this.caps = caps;
  }

  /** A budget with the cost-table row of `depth` (unknown depths get the `standard` row). */
  static forDepth(depth: string): RequestBudget {
    return new RequestBudget(budgetLimitsFor(depth));
  }

  /** Dollars charged so far, all tasks together. */
  get spent(): number {
    return this.total / NANO;
  }

  /** spent / totalLimit as a fraction (0.08 = 8 %); 0 when the total limit is 0. */
  get utilisation(): number {
    return this.totalCap > 0 ? this.total / this.totalCap : 0;
  }

  /** Dollars charged so far to the cost task of `taskId`. */
  taskSpent(taskId: string): number {
    return (this.byTask.get(costTaskOf(taskId)) ?? 0) / NANO;
  }

  /** The cap that applies to `taskId`, or undefined when only the total bounds it. */
  taskLimit(taskId: string): number | undefined {
    return this.caps.get(costTaskOf(taskId));
  }

  /**
   * Whether `amount` more dollars for `taskId` fits both the total and the task's cap (arguments in
   * the same order as {@link charge}). Amounts ≤ 0 always fit.
   */
  canCharge(taskId: string, amount: number): boolean {
    return this.refusal(taskId, amount) === undefined;
  }

  /** The error `charge(taskId, amount)` would throw (the total is checked before the task's cap), or undefined. */
  refusalFor(taskId: string, amount: number): BudgetExceededError | undefined {
    return this.refusal(taskId, amount);
  }

  /**
   * Records `amount` dollars against `taskId`, or throws {@link BudgetExceededError} (recording nothing) when it
   * would break the total or the task's cap; the total is checked first. Amounts ≤ 0 (or under half a
   * nano-dollar) are ignored, as in the original; a non-finite amount is a bug and throws a RangeError.
   */
  charge(taskId: string, amount: number): void {
    const refused = this.refusal(taskId, amount);
    if (refused) throw refused;
    this.record(taskId, amount);
  }

  /**
   * Records money already spent (an LLM call that has returned) even when it breaks a limit — the spend is real, so
   * it must show in the total and stop later calls — and returns the refusal `charge` would have thrown, if any.
   */
  record(taskId: string, amount: number): BudgetExceededError | undefined {
    const refused = this.refusal(taskId, amount);
    const nano = toNano(amount);
    if (nano <= 0) return undefined;
    const task = costTaskOf(taskId);
    this.total += nano;
    this.byTask.set(task, (this.byTask.get(task) ?? 0) + nano);
    return refused;
  }

  /** The spend so far, copied. */
  snapshot(): BudgetSnapshot {
    const byTask = Object.fromEntries([...this.byTask].map(([task, nano]) => [task, nano / NANO]));
    return { spent: this.spent, totalLimit: this.totalLimit, utilisation: this.utilisation, byTask };
  }

  private refusal(taskId: string, amount: number): BudgetExceededError | undefined {
    if (!Number.isFinite(amount)) throw new RangeError(`amount must be a finite number, got ${amount}`);
    const nano = toNano(amount);
    if (nano <= 0) return undefined;
    const task = costTaskOf(taskId);
    if (this.total + nano > this.totalCap) {
      return new BudgetExceededError(taskId, task, 'total', this.spent, amount, this.totalLimit);
    }
    const cap = this.caps.get(task);
    const taskSpent = this.byTask.get(task) ?? 0;
    if (cap !== undefined && taskSpent + nano > toNano(cap)) {
      return new BudgetExceededError(taskId, task, 'task', taskSpent / NANO, amount, cap);
    }
    return undefined;
  }
}

function assertAmount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

const storage = new AsyncLocalStorage<RequestBudget>();

/**
 * Runs `fn` with `budget` as the current budget of everything it starts: awaited calls, timers, `Promise.all`
 * branches, async functions it calls. This replaces the original's thread-local tracker, which the
 * crew (running on a worker thread) never saw, so spend was never recorded. Nested calls shadow the outer budget.
 * A real `worker_threads` Worker does not inherit it: charge on this thread from the usage the worker reports.
 *
 * @returns what `fn` returns (a promise stays a promise).
 */
export function runWithBudget<T>(budget: RequestBudget, fn: () => T): T {
  return storage.run(budget, fn);
}

/** The budget of the run the caller is part of, or undefined outside any {@link runWithBudget}. */
export function currentBudget(): RequestBudget | undefined {
  return storage.getStore();
}

/**
 * Charges the current budget, if there is one; without one, cost tracking is silently skipped.
 * @returns true when a budget recorded the charge, false when there was none.
 * @throws BudgetExceededError as {@link RequestBudget.charge}.
 */
export function chargeCurrentBudget(taskId: string, amount: number): boolean {
  const budget = storage.getStore();
  if (!budget) return false;
  budget.charge(taskId, amount);
  return true;
}
