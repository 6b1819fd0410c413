import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';
import { defineConfigSection } from '../core/config/config-section';
import { RUN_MODES, type RunMode } from './autointel/autointel.types';

/*
 * The domain layer's sections, all in this one file for now; each will move beside the feature that reads it.
 * Domain code still reads them through `AppConfig` (this file adds them to its type).
 */

const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9A-Fa-f:.]+\/\d{1,3})$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/** Content acquisition and analysis (content intelligence); every duration in ms. */
export class ContentConfig {
  /**
   * Address ranges HTTP acquisition may reach although they are private, loopback, link-local or reserved (CIDR
   * notation). Default none: such addresses are refused (env `CONTENT_ALLOWED_CIDRS`, comma-separated).
   */
  @IsArray()
  @ArrayMaxSize(64)
  @Matches(CIDR, { each: true, message: 'each of content.allowedCidrs must be a CIDR such as 10.0.0.0/8 or ::1/128' })
  allowedCidrs: string[] = [];
  /** Largest page or file accepted. Default 5242880 (5 MiB). */
  @IsInt() @Min(1024) @Max(104_857_600) maxBytes = 5_242_880;
  /** One HTTP acquisition, connect to last byte. Default 15000. */
  @IsInt() @Min(100) @Max(600_000) fetchTimeoutMs = 15_000;
  /** Redirects followed, each re-validated. Default 4. */
  @IsInt() @Min(0) @Max(10) maxRedirects = 4;
  /** Folders whose files the API may read (file: URLs). Default none (env `CONTENT_FILE_ROOTS`, comma-separated). The CLI reads any path. */
  @IsArray() @ArrayMaxSize(64) @IsString({ each: true }) @MinLength(1, { each: true }) fileRoots: string[] = [];
  /** yt-dlp for video platforms: `auto` uses it when the binary answers at boot. Default auto (env `YTDLP`). */
  @IsIn(['auto', 'on', 'off']) ytDlp: 'auto' | 'on' | 'off' = 'auto';
  /** The yt-dlp program. Default `yt-dlp` (on PATH). */
  @IsString() @MinLength(1) ytDlpBinary = 'yt-dlp';
  /** One yt-dlp run. Default 120000. */
  @IsInt() @Min(1000) @Max(3_600_000) ytDlpTimeoutMs = 120_000;
  /** A whisper.cpp ggml model: when set, media without captions are transcribed (env `WHISPER_MODEL`). */
  @IsOptional() @IsString() @MinLength(1) whisperModel?: string;
  /** The whisper.cpp program. Default `whisper-cli` (on PATH). */
  @IsString() @MinLength(1) whisperBinary = 'whisper-cli';
  /** A YAML or JSON list of `{ claim, verdict: true|false|mixed, source?, note? }`: the local fact-check knowledge base (env `FACT_CHECK_KB`). */
  @IsOptional() @IsString() @MinLength(1) factCheckKnowledgeBase?: string;
  /** A claim matches a knowledge-base entry at this cosine similarity or above. Default 0.6. */
  @IsNumber() @Min(0) @Max(1) factCheckMatchScore = 0.6;
  /** Google Fact Check Tools API key; when set the API is asked too (env `GOOGLE_FACT_CHECK_API_KEY`). */
  @IsOptional() @IsString() @MinLength(1) googleFactCheckApiKey?: string;
  /** Where the Google Fact Check Tools API is asked. Default `https://factchecktools.googleapis.com`. */
  @Matches(HTTP_URL, { message: 'content.googleFactCheckBaseUrl must be an http(s) URL' }) googleFactCheckBaseUrl =
    'https://factchecktools.googleapis.com';
  /** Claims checked per run. Default 5. */
  @IsInt() @Min(0) @Max(50) claimsPerRun = 5;
  /** Sentences in the extractive summary. Default 3. */
  @IsInt() @Min(1) @Max(20) summarySentences = 3;
  /** Progress of runs is also posted to this Discord webhook (env `DISCORD_WEBHOOK_URL`). */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'content.discordWebhookUrl must be an http(s) URL' })
  discordWebhookUrl?: string;
}

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

/** The `/autointel` job. */
export class AutointelConfig {
  /** Runs at once per instance. Default 4. */
  @IsInt() @Min(1) @Max(256) concurrency = 4;
  /** A run is stopped after this long. Default 300000. */
  @IsInt() @Min(1000) @Max(3_600_000) runTimeoutMs = 300_000;
  /** Finished runs are kept this long. Default 604800000 (7 days). */
  @IsInt() @Min(60_000) @Max(31_536_000_000) retentionMs = 604_800_000;
  /** `?wait=true` answers 202 with the run's state after this long if it has not finished. Default 120000. */
  @IsInt() @Min(100) @Max(600_000) waitTimeoutMs = 120_000;
  /** The orchestrator of a run whose request names no `mode`. Default `autonomous`. */
  @IsIn(RUN_MODES) defaultMode: RunMode = 'autonomous';
  /** Allow the `experimental` depth; when off it runs as `comprehensive` with a notice. Default false. */
  @IsBoolean() experimentalDepth = false;
  /** Who executes the crew's tasks: the offline `deterministic` runtime over the content ports, or the `llm` (needs llm.*). */
  @IsIn(['deterministic', 'llm']) agentRuntime: 'deterministic' | 'llm' = 'deterministic';
  /** Route the URL with the keyword router before building the crew. Default false. */
  @IsBoolean() semanticRouter = false;
  /** Run the analysis as separate parallel tasks instead of one; unset: on, except on a host with one CPU. */
  @IsOptional() @IsBoolean() parallelAnalysis?: boolean;
  /** Run fact-checking as parallel tasks; unset: on, except on a host with one CPU. */
  @IsOptional() @IsBoolean() parallelFactChecking?: boolean;
  /** Run memory operations as parallel tasks; unset: on, except on a host with less than 8 GB of RAM. */
  @IsOptional() @IsBoolean() parallelMemoryOps?: boolean;
  /**
   * Tasks at once in hierarchical plans; unset: min(CPUs, 6). The host caps it: 2 below 4 CPUs or 4 GB of RAM, 4
   * below 8 GB, 1 with a single CPU.
   */
  @IsOptional() @IsInt() @Min(1) @Max(64) maxConcurrentTasks?: number;
  /** Plans with fewer tasks run sequentially. Default 3. */
  @IsInt() @Min(1) @Max(64) parallelThreshold = 3;
  /** The `enhanced` mode's cap on its crew path before it falls back to the pipeline. Default 1800000. */
  @IsInt() @Min(1000) @Max(7_200_000) enhancedCrewTimeoutMs = 1_800_000;
}

export const contentConfig = defineConfigSection({
  key: 'content',
  schema: ContentConfig,
  env: {
    allowedCidrs: 'CONTENT_ALLOWED_CIDRS',
    fileRoots: 'CONTENT_FILE_ROOTS',
    ytDlp: 'YTDLP',
    whisperModel: 'WHISPER_MODEL',
    factCheckKnowledgeBase: 'FACT_CHECK_KB',
    googleFactCheckApiKey: 'GOOGLE_FACT_CHECK_API_KEY',
    discordWebhookUrl: 'DISCORD_WEBHOOK_URL',
  },
});

export const llmConfig = defineConfigSection({
  key: 'llm',
  schema: LlmConfig,
  env: { baseUrl: 'LLM_BASE_URL', model: 'LLM_MODEL', apiKey: 'LLM_API_KEY', cheaperModel: 'LLM_CHEAPER_MODEL' },
});

export const autointelConfig = defineConfigSection({
  key: 'autointel',
  schema: AutointelConfig,
  env: {
    concurrency: 'AUTOINTEL_CONCURRENCY',
    defaultMode: 'AUTOINTEL_DEFAULT_MODE',
    agentRuntime: 'AUTOINTEL_AGENT_RUNTIME',
    experimentalDepth: 'ENABLE_EXPERIMENTAL_DEPTH',
    semanticRouter: 'ENABLE_SEMANTIC_ROUTER',
    parallelAnalysis: 'ENABLE_PARALLEL_ANALYSIS',
    parallelFactChecking: 'ENABLE_PARALLEL_FACT_CHECKING',
    parallelMemoryOps: 'ENABLE_PARALLEL_MEMORY_OPS',
    maxConcurrentTasks: 'MAX_CONCURRENT_TASKS',
    parallelThreshold: 'PARALLEL_EXECUTION_THRESHOLD',
  },
});

/** The domain sections that domain code reads through the whole configuration. */
declare module '../core/config/app-config' {
  interface AppConfig {
    content: ContentConfig;
    llm: LlmConfig;
    autointel: AutointelConfig;
  }
}
