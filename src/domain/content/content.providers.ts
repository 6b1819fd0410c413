import { Logger, type FactoryProvider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { lazyPort } from '../../core/lazy/lazy-port';
import { RESILIENCE, type ResiliencePort } from '../../core/ports/resilience.port';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { FileSource } from './acquisition/file-source';
import { HttpSource } from './acquisition/http-source';
import { HttpTranscriber } from './acquisition/http-transcriber';
import { WhisperCppTranscriber } from './acquisition/transcriber';
import { YtDlpSource } from './acquisition/ytdlp-source';
import { ContentPipeline } from './content-pipeline';
import { CONTENT_ANALYSIS, CONTENT_PIPELINE } from './content.ports';
import { FactChecker } from './fact-check/fact-checker';
import { GoogleFactCheckClient } from './fact-check/google-fact-check';
import { loadKnowledgeBase } from './fact-check/knowledge-base';
import { LocalContentAnalysis } from './local-content-analysis';
import { SqlVectorMemory } from './memory/sql-vector-memory';
import { resilientCall } from './resilient-call';

const logger = new Logger('Content');

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
  const transcriber = c.transcriptionUrl
    ? new HttpTranscriber({ baseUrl: c.transcriptionUrl, model: c.transcriptionModel, apiKey: c.transcriptionApiKey })
    : c.whisperModel
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
    transcriber: transcriber?.name ?? null,
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
  const resilience = lazyPort<ResiliencePort>(moduleRef, RESILIENCE);
  const guarded = resilientCall(() => resilience.tryGet(), 'content.google-fact-check');
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

export const contentPipelineProvider: FactoryProvider = {
  provide: CONTENT_PIPELINE,
  useFactory: pipelineFactory,
  inject: [AppConfig, CLOCK, SqlVectorMemory, ModuleRef],
};

export const factCheckerProvider: FactoryProvider = {
  provide: FactChecker,
  useFactory: factCheckerFactory,
  inject: [AppConfig, SqlVectorMemory, ModuleRef],
};

export const contentAnalysisProvider: FactoryProvider = {
  provide: CONTENT_ANALYSIS,
  useFactory: (checker: FactChecker) => new LocalContentAnalysis(checker),
  inject: [FactChecker],
};
