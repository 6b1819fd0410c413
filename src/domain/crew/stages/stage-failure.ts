import type { ErrorCategory } from '../../../core/result/error-category';
import { fail } from '../../../core/result/step-result';
import { BudgetExceededError } from '../run-support/budget-exceeded.error';
import type { StageResult } from './stage.types';

/**
 * A stage's error result for a thrown `e`: `budget_exceeded` when the request budget refused an LLM call (so the
 * run reports why and goes on without that stage), else `category`.
 */
export function stageFailure(what: string, e: unknown, category: ErrorCategory = 'unavailable'): StageResult {
  return fail(
    e instanceof BudgetExceededError ? e.category : category,
    `${what} failed: ${e instanceof Error ? e.message : String(e)}`,
  );
}
