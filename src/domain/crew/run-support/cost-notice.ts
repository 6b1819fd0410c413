/** Spend at or below this many dollars is not worth a message. */
export const COST_NOTICE_THRESHOLD = 0.1;

/**
 * The cost notice posted after a run, or undefined when the run spent $0.10 or less (or a
 * spend that is not a finite number). The text gives the spend to 3 decimals, the budget to 2 and the
 * utilisation (spent / budget) as a percentage to 1; a budget ≤ 0 shows 0.0 %.
 *
 * @param spent dollars the run's budget recorded.
 * @param budget the run's total limit in dollars.
 * @example costNotice(0.12, 1.5) === '💰 Cost: $0.120 of $1.50 budget (8.0% used)'
 */
export function costNotice(spent: number, budget: number): string | undefined {
  if (!Number.isFinite(spent) || spent <= 0 || spent <= COST_NOTICE_THRESHOLD) return undefined;
  const utilisation = Number.isFinite(budget) && budget > 0 ? (spent / budget) * 100 : 0;
  return `💰 Cost: $${spent.toFixed(3)} of $${budget.toFixed(2)} budget (${utilisation.toFixed(1)}% used)`;
}
