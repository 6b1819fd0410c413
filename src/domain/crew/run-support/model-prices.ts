import type { RequestBudget } from './budget';

/**
 * Dollars per 1000 tokens (prompt and completion together) for the models the LLM layer may name. Fixed figures
 * so that cost tests are deterministic; they approximate public list prices and are not kept current.
 */
export const MODEL_PRICES_PER_1K: Readonly<Record<string, number>> = {
  'gpt-4o': 0.005,
  'gpt-4o-mini': 0.0003,
  'gpt-4.1': 0.004,
  'gpt-4.1-mini': 0.0008,
  'claude-3-5-sonnet': 0.006,
  'claude-3-5-haiku': 0.0016,
  'llama-3.1-8b-instruct': 0.0001,
};

/** The price of a model missing from the table, per 1000 tokens. */
export const DEFAULT_PRICE_PER_1K = 0.002;

/**
 * The price per 1000 tokens of `model`: its table entry, matched case-insensitively and also without an
 * OpenRouter-style provider prefix (`openai/gpt-4o` → `gpt-4o`), else {@link DEFAULT_PRICE_PER_1K}.
 */
export function priceOf(model: string, prices: Readonly<Record<string, number>> = MODEL_PRICES_PER_1K): number {
  const name = model.trim().toLowerCase();
  const bare = name.slice(name.lastIndexOf('/') + 1);
  if (Object.hasOwn(prices, name)) return prices[name];
  if (Object.hasOwn(prices, bare)) return prices[bare];
  return DEFAULT_PRICE_PER_1K;
}

/**
 * The deterministic cost in dollars of a call that used `tokens` tokens: tokens / 1000 × {@link priceOf}(model).
 * @example llmCallCost('gpt-4o', 2000) === 0.01
 */
export function llmCallCost(model: string, tokens: number, prices?: Readonly<Record<string, number>>): number {
  if (!Number.isFinite(tokens) || tokens < 0)
    throw new RangeError(`tokens must be a finite number >= 0, got ${tokens}`);
  return (tokens / 1000) * priceOf(model, prices);
}

/** The outcome of {@link chooseAffordableModel}: a model to call, or the router's refusal. */
export type ModelChoice =
  | { readonly affordable: true; readonly model: string; readonly cost: number; readonly downgraded: boolean }
  | { readonly affordable: false; readonly reason: 'cumulative cost exceeds limit'; readonly cost: number };

/** What {@link chooseAffordableModel} needs to know about the call it is about to make. */
export interface ModelRequest {
  readonly taskId: string;
  /** The expected tokens of the call (prompt plus the completion cap). */
  readonly tokens: number;
  readonly model: string;
  /** The configured cheaper model to fall back to, if any. */
  readonly cheaperModel?: string;
  readonly prices?: Readonly<Record<string, number>>;
}

/**
 * The LLM router's check before a call: the requested model if the budget can pay its estimated cost,
 * else the configured cheaper model if that fits, else a refusal with the reason `cumulative cost exceeds limit`
 * (the caller counts a budget rejection). Without a budget every call is affordable. Nothing is charged here: the
 * caller charges the real cost once the call has returned.
 *
 * @example chooseAffordableModel(budget, { taskId: 'analysis', tokens: 4000, model: 'gpt-4o', cheaperModel: 'gpt-4o-mini' })
 */
export function chooseAffordableModel(budget: RequestBudget | undefined, request: ModelRequest): ModelChoice {
  const cost = llmCallCost(request.model, request.tokens, request.prices);
  if (!budget || budget.canCharge(request.taskId, cost))
    return { affordable: true, model: request.model, cost, downgraded: false };
  if (request.cheaperModel !== undefined) {
    const cheaper = llmCallCost(request.cheaperModel, request.tokens, request.prices);
    if (budget.canCharge(request.taskId, cheaper))
      return { affordable: true, model: request.cheaperModel, cost: cheaper, downgraded: true };
    return { affordable: false, reason: 'cumulative cost exceeds limit', cost: cheaper };
  }
  return { affordable: false, reason: 'cumulative cost exceeds limit', cost };
}
