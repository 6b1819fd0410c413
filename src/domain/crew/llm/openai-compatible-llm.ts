import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, RetryError, type LanguageModel } from 'ai';
import type { LlmCompletion, LlmPort, LlmRequest } from '../ports/llm.port';

export interface OpenAiCompatibleLlmOptions {
  /** The API root, e.g. `http://127.0.0.1:11434/v1`; requests go to `<baseUrl>/chat/completions`. */
  readonly baseUrl: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  readonly apiKey?: string;
  /** Whole-call timeout (default 60 000 ms). */
  readonly timeoutMs?: number;
  /**
   * Retries by the AI SDK on retryable failures (default 0: retries belong to the resilience layer; the SDK's own
   * default would be 2, with 2 s and 4 s pauses).
   */
  readonly maxRetries?: number;
}

/**
 * An LLM behind any OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM, LM Studio, llama.cpp…),
 * through the AI SDK's `generateText`. Sends `model`, `messages` (system, then user), `max_tokens` and
 * `temperature`; maps the reported usage and finish reason. Failures reject with an Error naming the HTTP status
 * (the SDK's error is its `cause`); an aborted signal rejects with the abort reason.
 *
 * @example
 * const llm = new OpenAiCompatibleLlm({ baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' });
 * const { text } = await llm.complete({ system: 'Be brief.', prompt: 'Summarise: …' });
 */
export class OpenAiCompatibleLlm implements LlmPort {
  readonly enabled = true;
  private readonly provider: ReturnType<typeof createOpenAICompatible>;
  private readonly model: LanguageModel;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;

  constructor(private readonly options: OpenAiCompatibleLlmOptions) {
    this.provider = createOpenAICompatible({ name: 'llm', baseURL: options.baseUrl, apiKey: options.apiKey });
    this.model = this.provider.chatModel(options.model);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 0;
  }

  get defaultModel(): string {
    return this.options.model;
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    const modelId = request.model ?? this.options.model;
    try {
      const result = await generateText({
        model:
          request.model && request.model !== this.options.model ? this.provider.chatModel(request.model) : this.model,
        system: request.system,
        prompt: request.prompt,
        maxOutputTokens: request.maxTokens,
        temperature: request.temperature,
        abortSignal: request.signal,
        timeout: this.timeoutMs,
        maxRetries: this.maxRetries,
      });
      return {
        text: result.text,
        model: result.response.modelId || modelId,
        inputTokens: result.usage.inputTokens ?? 0,
        outputTokens: result.usage.outputTokens ?? 0,
        finishReason: result.finishReason,
      };
    } catch (error: unknown) {
      if (request.signal?.aborted) throw request.signal.reason ?? error;
      throw describeFailure(error, modelId, this.timeoutMs);
    }
  }
}

function describeFailure(error: unknown, model: string, timeoutMs: number): Error {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  let reason: string;
  if (APICallError.isInstance(last) && last.statusCode !== undefined)
    reason = `HTTP ${last.statusCode}: ${last.message}`;
  // The SDK's timeout is a DOMException, which is not always an `instanceof Error` (e.g. across vm contexts).
  else if (nameOf(last) === 'TimeoutError') reason = `no answer within ${timeoutMs} ms`;
  else reason = last instanceof Error ? last.message : String(last);
  return new Error(`LLM call to ${model} failed: ${reason}`, { cause: error });
}

function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}
