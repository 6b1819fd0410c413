import type { LlmCompletion, LlmPort, LlmRequest } from '../ports/llm.port';
import { currentBudget } from './budget';
import type { BudgetExceededError } from './budget-exceeded.error';
import { chooseAffordableModel, llmCallCost } from './model-prices';

/** The pre-call estimate counts this many prompt characters per token. */
const CHARS_PER_TOKEN = 4;
/** The completion part of the estimate when a request sets no `maxTokens`. */
export const ESTIMATED_COMPLETION_TOKENS = 1_000;
/** The cost task of a request that names none (bounded by the total only). */
export const UNTASKED = 'llm';

/** Prompt characters / 4 plus the completion cap: what a call may cost before it is made. */
export function estimateTokens(request: LlmRequest): number {
  return (
    Math.ceil(((request.system?.length ?? 0) + request.prompt.length) / CHARS_PER_TOKEN) +
    (request.maxTokens ?? ESTIMATED_COMPLETION_TOKENS)
  );
}

/**
 * The LLM port with the request budget enforced, as the original's LLM router did: inside `runWithBudget`, every call —
 * crew task, stage or anything else — is priced before it is made (estimated tokens × the model's price); if the
 * configured model does not fit the request's task cap or the total, the cheaper model is tried; if neither fits,
 * the call is refused with {@link BudgetExceededError} (`budget_exceeded`) and `onRejected` counts it. After the
 * call the reported tokens (the estimate when the server reports none) are recorded against `request.costTask`,
 * even past a limit, since the money is spent. Outside a budget scope calls pass through unchanged.
 */
export class BudgetedLlm implements LlmPort {
  constructor(
    private readonly inner: LlmPort,
    private readonly options: {
      readonly cheaperModel?: string;
      /** A call refused before it was made. */
      readonly onRejected?: (task: string) => void;
      /** A call whose reported usage cost more than its estimate allowed for: recorded, and later calls refused. */
      readonly onOverrun?: (task: string, overrun: BudgetExceededError) => void;
    } = {},
  ) {}

  get enabled(): boolean {
    return this.inner.enabled;
  }

  get defaultModel(): string {
    return this.inner.defaultModel;
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    const budget = currentBudget();
    if (!budget || !this.inner.enabled) return this.inner.complete(request);
    const task = request.costTask ?? UNTASKED;
    const estimate = estimateTokens(request);
    const choice = chooseAffordableModel(budget, {
      taskId: task,
      tokens: estimate,
      model: request.model ?? this.inner.defaultModel,
      cheaperModel: this.options.cheaperModel,
    });
    if (!choice.affordable) {
      this.options.onRejected?.(task);
      // Not affordable means canCharge(task, choice.cost) was false, so the budget names the refusal.
      throw budget.refusalFor(task, choice.cost)!;
    }
    const completion = await this.inner.complete({ ...request, model: choice.model });
    const reported = completion.inputTokens + completion.outputTokens;
    // The call is paid for: its cost is recorded even past a limit (later calls are then refused), never dropped.
    const overrun = budget.record(
      task,
      llmCallCost(completion.model || choice.model, reported > 0 ? reported : estimate),
    );
    if (overrun) this.options.onOverrun?.(task, overrun);
    return completion;
  }
}
