/** One completion request: a user prompt and an optional system instruction. */
export interface LlmRequest {
  readonly system?: string;
  readonly prompt: string;
  /** Upper bound on generated tokens (default: the server's). */
  readonly maxTokens?: number;
  /** Sampling temperature (default: the server's). */
  readonly temperature?: number;
  readonly signal?: AbortSignal;
  /** A model other than the configured one (the budget's cheaper-model fallback uses it). */
  readonly model?: string;
  /** What the call is for, e.g. a crew task id: the request budget charges it to that task's cost category. */
  readonly costTask?: string;
}

/** What the model answered, with the usage it reported. */
export interface LlmCompletion {
  readonly text: string;
  /** The model that answered, as the server names it. */
  readonly model: string;
  /** 0 when the server reports no usage. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `stop`, `length`, `content-filter`, `tool-calls`, `error` or `other`. */
  readonly finishReason: string;
}

/** A text-completion backend. Callers check `enabled` to fall back to non-LLM behaviour instead of failing. */
export interface LlmPort {
  readonly enabled: boolean;
  /** The model a request without `model` gets (empty when disabled). */
  readonly defaultModel: string;
  complete(request: LlmRequest): Promise<LlmCompletion>;
}

/** The {@link LlmPort} of the application: an OpenAI-compatible endpoint when configured, else a disabled one. */
export const LLM = Symbol('LLM');

/** The LLM port when none is configured: disabled, and `complete` rejects saying how to configure one. */
export class DisabledLlm implements LlmPort {
  readonly enabled = false;
  readonly defaultModel = '';

  async complete(): Promise<LlmCompletion> {
    throw new Error(
      'No LLM is configured: set llm.baseUrl and llm.model (and llm.apiKey if the endpoint needs one), ' +
        'or the environment variables LLM_BASE_URL, LLM_MODEL and LLM_API_KEY',
    );
  }
}
