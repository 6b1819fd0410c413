import type { AppConfig } from '../../../core/config/app-config';
import { DisabledLlm, type LlmPort } from '../ports/llm.port';
import { OpenAiCompatibleLlm } from './openai-compatible-llm';

/** `llm.baseUrl` and `llm.model` together enable the port; one without the other stops the boot, naming the missing key. */
export function llmFromConfig(config: AppConfig): LlmPort {
  const { baseUrl, model, apiKey, timeoutMs } = config.llm;
  if (baseUrl && !model) throw new Error('llm.model (env LLM_MODEL) is required when llm.baseUrl is set');
  if (model && !baseUrl) throw new Error('llm.baseUrl (env LLM_BASE_URL) is required when llm.model is set');
  return baseUrl && model ? new OpenAiCompatibleLlm({ baseUrl, model, apiKey, timeoutMs }) : new DisabledLlm();
}
