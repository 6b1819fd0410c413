import { ErrorCategory } from '../../../core/result/error-category';

/** Which limit a refused charge would have broken: the run's total or the task's own cap. */
export type BudgetScope = 'total' | 'task';

/**
 * A charge was refused because it would take the run's spend over its total limit or a task's cap.
 * `taskId` is the id the caller charged; `costTask` the cost-table task it draws on (often the same). `spent` is
 * what the broken limit had already absorbed: the run's total for scope `total`, the cost task's spend for scope
 * `task`. Nothing is recorded when this is thrown.
 */
export class BudgetExceededError extends Error {
  readonly category = ErrorCategory.BudgetExceeded;
  readonly retryable = false;

  constructor(
    readonly taskId: string,
    readonly costTask: string,
    readonly scope: BudgetScope,
    readonly spent: number,
    readonly amount: number,
    readonly limit: number,
  ) {
    const cap =
      scope === 'total' ? 'the total budget' : costTask === taskId ? 'its task limit' : `the ${costTask} limit`;
    super(
      `cumulative cost exceeds limit: task ${taskId} asked for $${amount.toFixed(4)} with $${spent.toFixed(4)} ` +
        `already spent against ${cap} of $${limit.toFixed(2)}`,
    );
    this.name = 'BudgetExceededError';
  }

  static is(e: unknown): e is BudgetExceededError {
    return e instanceof BudgetExceededError;
  }
}
