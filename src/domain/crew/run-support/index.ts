/** Pure building blocks of the `autonomous_intelligence` run: ids, progress text, chunking, budget. */
export { workflowId, fnv1a32 } from './workflow-id';
export { formatProgress } from './progress-format';
export { chunkMessage, MESSAGE_CHUNK_SIZE } from './chunk-message';
export { COST_TABLE, COST_TASKS, budgetLimitsFor, costTaskOf } from './cost-table';
export type { BudgetLimits, CostDepth, CostTask } from './cost-table';
export { BudgetExceededError } from './budget-exceeded.error';
export type { BudgetScope } from './budget-exceeded.error';
export { RequestBudget, runWithBudget, currentBudget, chargeCurrentBudget } from './budget';
export type { BudgetSnapshot } from './budget';
export { MODEL_PRICES_PER_1K, DEFAULT_PRICE_PER_1K, priceOf, llmCallCost, chooseAffordableModel } from './model-prices';
export type { ModelChoice, ModelRequest } from './model-prices';
export { costNotice, COST_NOTICE_THRESHOLD } from './cost-notice';
export { RunLimiter, isRunLimitReached } from './run-limiter';
export type { RunLimitReached, RunLimits, RunSlot } from './run-limiter';
export { RunAdmission } from './run-admission';
export { RunInputDto } from './run-input.dto';
export type { RunInProcessOptions } from './run-in-process-options';
