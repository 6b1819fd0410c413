import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { defineConfigSection } from '../../../core/config/config-section';

const HTTP_URL = /^https?:\/\/\S+$/;

/** An OpenAI-compatible chat endpoint; off unless `baseUrl` and `model` are set. */
export class LlmConfig {
  /** The API root, e.g. `http://127.0.0.1:11434/v1` (env `LLM_BASE_URL`). */
  @IsOptional() @Matches(HTTP_URL, { message: 'llm.baseUrl must be an http(s) URL' }) baseUrl?: string;
  /** The model every call asks for (env `LLM_MODEL`). */
  @IsOptional() @IsString() @MinLength(1) model?: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set (env `LLM_API_KEY`). */
  @IsOptional() @IsString() @MinLength(1) apiKey?: string;
  /** Timeout of a whole call, in ms. Default 60000. */
  @IsInt() @Min(1000) @Max(600_000) timeoutMs = 60_000;
  /** The model a call falls back to when the request budget cannot pay for `model` (env `LLM_CHEAPER_MODEL`). */
  @IsOptional() @IsString() @MinLength(1) cheaperModel?: string;
}

export const llmConfig = defineConfigSection({
  key: 'llm',
  schema: LlmConfig,
  env: { baseUrl: 'LLM_BASE_URL', model: 'LLM_MODEL', apiKey: 'LLM_API_KEY', cheaperModel: 'LLM_CHEAPER_MODEL' },
});

declare module '../../../core/config/app-config' {
  interface AppConfig {
    llm: LlmConfig;
  }
}
