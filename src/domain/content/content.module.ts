import { Logger, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { RedisChannel } from '../../core/messaging/redis-channel';
import { RESILIENCE, type ResiliencePort } from '../../core/ports/resilience.port';
import { VECTOR_MEMORY } from '../../core/ports/vector-memory.port';
import { REDIS_CONNECTION, type RedisConnection } from '../../core/queue/redis/redis-connection';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { FileSource } from './acquisition/file-source';
import { HttpSource } from './acquisition/http-source';
import { WhisperCppTranscriber } from './acquisition/transcriber';
import { YtDlpSource } from './acquisition/ytdlp-source';
import { AUTONOMOUS_PROVIDERS } from '../crew/crew.providers';
import { BudgetedLlm } from '../crew/run-support/budgeted-llm';
import { AutointelController } from '../autointel/autointel.controller';
import { AutointelRepository } from '../autointel/autointel.repository';
import {
  AUTOINTEL_CHANNEL,
  AutointelService,
  EXTRA_PROGRESS,
  type ExtraProgressFactory,
} from '../autointel/autointel.service';
import { ContentPipeline } from './content-pipeline';
import { CONTENT_ANALYSIS, CONTENT_PIPELINE } from './content.ports';
import { FactChecker } from './fact-check/fact-checker';
import { GoogleFactCheckClient } from './fact-check/google-fact-check';
import { loadKnowledgeBase } from './fact-check/knowledge-base';
import { FallbackAutonomousOrchestrator } from '../fallback-autonomous/fallback.orchestrator';
import { type LlmPort, LLM } from '../crew/ports/llm.port';
import { llmFromConfig } from '../crew/llm/llm.provider';
import { LocalContentAnalysis } from './local-content-analysis';
import { SqlVectorMemory } from './memory/sql-vector-memory';
import { DiscordWebhookProgress } from '../crew/progress/discord-webhook-progress';
import type { ProgressPort } from '../crew/ports/progress.port';

const logger = new Logger('Content');

/**
 * `work` through the resilience port as `service` (circuit breaker plus one retry), or directly when no module
 * provides the port; a failure rethrows with the port's message.
 */
function protect(
  resilience: LazyPort<ResiliencePort>,
  service: string,
): <T>(work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal) => Promise<T> {
  return async (work, signal) => {
    const port = resilience.tryGet();
    if (!port) return work(signal ?? new AbortController().signal);
    const result = await port.execute(service, work, {
      strategy: 'circuit_breaker',
      signal,
      retry: { attempts: 2, baseDelayMs: 200 },
    });
    if (result.status !== 'ok')
      throw new Error(result.status === 'error' ? result.error : `${service}: ${result.status}`);
    return result.data.data;
  };
}

/** The pipeline with the sources the config enables; yt-dlp in `auto` is used when its binary answers now. */
async function pipelineFactory(
  config: AppConfig,
  clock: Clock,
  memory: SqlVectorMemory,
  moduleRef: ModuleRef,
): Promise<ContentPipeline> {
  const c = config.content;
  const policy = { allowedCidrs: c.allowedCidrs };
  const http = new HttpSource({
    policy,
    maxBytes: c.maxBytes,
    timeoutMs: c.fetchTimeoutMs,
    maxRedirects: c.maxRedirects,
  });
  const useYtDlp = c.ytDlp === 'on' || (c.ytDlp === 'auto' && (await YtDlpSource.available(c.ytDlpBinary)));
  const transcriber = c.whisperModel
    ? new WhisperCppTranscriber({ binary: c.whisperBinary, model: c.whisperModel })
    : undefined;
  const ytDlp = useYtDlp
    ? new YtDlpSource({
        binary: c.ytDlpBinary,
        timeoutMs: c.ytDlpTimeoutMs,
        transcriber,
        maxMediaBytes: c.maxBytes * 20,
      })
    : undefined;
  logger.log({
    event: 'content_sources',
    http: true,
    ytDlp: useYtDlp,
    transcriber: transcriber !== undefined,
    fileRoots: c.fileRoots.length,
  });
  const resilience = lazyPort<ResiliencePort>(moduleRef, RESILIENCE);
  return new ContentPipeline({
    http,
    files: {
      roots: new FileSource({ roots: c.fileRoots, maxBytes: c.maxBytes }),
      any: new FileSource({ roots: 'any', maxBytes: c.maxBytes }),
    },
    ytDlp,
    resilience: () => resilience.tryGet(),
    memory,
    memoryNamespace: 'content',
    clock,
    logger,
    timeoutMs: (source) => (source.name === 'yt-dlp' ? c.ytDlpTimeoutMs : c.fetchTimeoutMs),
  });
}

/** The fact checker: the knowledge base (a mistake in it stops the boot, naming the entry), reviews when a key is set, memory. */
function factCheckerFactory(config: AppConfig, memory: SqlVectorMemory, moduleRef: ModuleRef): FactChecker {
  const c = config.content;
  const knowledgeBase = c.factCheckKnowledgeBase ? loadKnowledgeBase(c.factCheckKnowledgeBase) : [];
  const google = c.googleFactCheckApiKey
    ? new GoogleFactCheckClient({ apiKey: c.googleFactCheckApiKey, baseUrl: c.googleFactCheckBaseUrl })
    : undefined;
  const guarded = protect(lazyPort<ResiliencePort>(moduleRef, RESILIENCE), 'content.google-fact-check');
  const reviews = google && {
    search: (claim: string, signal?: AbortSignal) => guarded((s) => google.search(claim, s), signal),
  };
  return new FactChecker({
    embedder: memory.embedder,
    knowledgeBase,
    matchScore: c.factCheckMatchScore,
    memory,
    memoryNamespace: 'content',
    reviews,
  });
}

/**
 * Content intelligence (domain): acquisition (HTTP, files, yt-dlp), offline analyses, fact checks, the vector
 * memory, the LLM port, the `fallback_autonomous`, `autonomous_intelligence` and `enhanced_autonomous`
 * orchestrators and the `/autointel` job with its REST API.
 */
@Module({
  providers: [
    SqlVectorMemory,
    { provide: VECTOR_MEMORY, useExisting: SqlVectorMemory },
    { provide: CONTENT_PIPELINE, useFactory: pipelineFactory, inject: [AppConfig, CLOCK, SqlVectorMemory, ModuleRef] },
    { provide: FactChecker, useFactory: factCheckerFactory, inject: [AppConfig, SqlVectorMemory, ModuleRef] },
    {
      provide: CONTENT_ANALYSIS,
      useFactory: (checker: FactChecker) => new LocalContentAnalysis(checker),
      inject: [FactChecker],
    },
    {
      provide: LLM,
      useFactory: (config: AppConfig, moduleRef: ModuleRef): LlmPort => {
        const llm = llmFromConfig(config);
        if (!llm.enabled) return llm;
        const guarded = protect(lazyPort<ResiliencePort>(moduleRef, RESILIENCE), 'content.llm');
        const resilient: LlmPort = {
          enabled: true,
          defaultModel: llm.defaultModel,
          complete: (request) => guarded((signal) => llm.complete({ ...request, signal }), request.signal),
        };
        // Inside a run's request budget every call is priced, maybe sent to the cheaper model, refused or charged.
        return new BudgetedLlm(resilient, {
          cheaperModel: config.llm.cheaperModel,
          onRejected: (task) => logger.warn({ event: 'llm_budget_rejection', task }),
          onOverrun: (task, e) => logger.warn({ event: 'llm_budget_overrun', task, error: e.message }),
        });
      },
      inject: [AppConfig, ModuleRef],
    },
    {
      provide: AUTOINTEL_CHANNEL,
      useFactory: (redis: RedisConnection | null, config: AppConfig) =>
        redis ? new RedisChannel(redis, config.persistence.redisPrefix, 'autointel:runs') : null,
      inject: [REDIS_CONNECTION, AppConfig],
    },
    {
      provide: EXTRA_PROGRESS,
      useFactory: (config: AppConfig, moduleRef: ModuleRef): ExtraProgressFactory => {
        const url = config.content.discordWebhookUrl;
        if (!url) return () => [];
        const guarded = protect(lazyPort<ResiliencePort>(moduleRef, RESILIENCE), 'content.discord');
        return () => {
          const discord = new DiscordWebhookProgress({ webhookUrl: url });
          const port: ProgressPort = {
            post: (text, o) => guarded(() => discord.post(text, o)),
            edit: (text, o) => guarded(() => discord.edit(text, o)),
            isOpen: () => discord.isOpen(),
          };
          return [port];
        };
      },
      inject: [AppConfig, ModuleRef],
    },
    FallbackAutonomousOrchestrator,
    ...AUTONOMOUS_PROVIDERS,
    AutointelRepository,
    AutointelService,
  ],
  controllers: [AutointelController],
  exports: [VECTOR_MEMORY, CONTENT_PIPELINE, CONTENT_ANALYSIS, LLM, AutointelService],
})
export class ContentModule {}
