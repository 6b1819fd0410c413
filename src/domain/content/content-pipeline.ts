import type { Logger } from '@nestjs/common';
import type { ResiliencePort } from '../../core/ports/resilience.port';
import { fnv1a32 } from '../../core/runtime/hash';
import type { VectorMemory } from '../../core/ports/vector-memory.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import type { Clock } from '../../core/runtime/clock';
import type { ErrorCategory } from '../../core/result/error-category';
import { toFileUrl } from './acquisition/file-source';
import type { ContentPipelinePort, Envelope, MemoryWrite, PipelineOptions } from './content.ports';
import { AcquisitionError, type AcquiredContent, type AcquisitionErrorCode, type ContentSource } from './content.types';

export interface ContentPipelineDeps {
  readonly http: ContentSource & { close?(): Promise<void> };
  /** File sources: confined to the configured roots (the API), and unconfined (the CLI). */
  readonly files: { readonly roots: ContentSource; readonly any: ContentSource };
  /** Present when yt-dlp is enabled; it takes the URLs its hosts match before the HTTP source. */
  readonly ytDlp?: ContentSource;
  /** Resolved on use; without it sources are called directly. */
  readonly resilience?: () => ResiliencePort | undefined;
  readonly memory?: VectorMemory;
  readonly memoryNamespace: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Per acquisition; the resilience call times out a second after it. */
  readonly timeoutMs: (source: ContentSource) => number;
}

const CATEGORY: Readonly<Record<AcquisitionErrorCode, ErrorCategory>> = {
  invalid_url: 'validation',
  unsupported_scheme: 'validation',
  blocked_address: 'forbidden',
  not_allowed: 'forbidden',
  too_large: 'validation',
  timeout: 'timeout',
  not_found: 'not_found',
  http_error: 'processing',
  unsupported_type: 'validation',
  too_many_redirects: 'processing',
  unavailable: 'unavailable',
  failed: 'processing',
};

/** Codes no other quality rung can fix (only yt-dlp has formats to choose from). */
const QUALITY_INDEPENDENT = new Set<AcquisitionErrorCode>([
  'invalid_url',
  'unsupported_scheme',
  'blocked_address',
  'not_allowed',
  'too_large',
  'not_found',
  'unsupported_type',
  'too_many_redirects',
]);

const CHUNK_CHARS = 800;
const MAX_CHUNKS = 200;

/** Splits a transcript into passages of about {@link CHUNK_CHARS} characters at paragraph or sentence ends. */
export function chunkText(text: string): string[] {
  const pieces = text
    .split(/\n\s*\n|(?<=[.!?])\s+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + piece.length + 1 > CHUNK_CHARS) {
      chunks.push(current);
      if (chunks.length === MAX_CHUNKS) return chunks;
      current = '';
    }
    current = current ? `${current} ${piece}` : piece;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** `http(s):` and `file:` URLs as given; anything that looks like a path becomes a file: URL. */
function parseTarget(target: string): URL | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) && !/^[a-z]:[\\/]/i.test(target)) {
    try {
      return new URL(target);
    } catch {
      return undefined;
    }
  }
  return new URL(toFileUrl(target));
}

/**
 * The content pipeline: picks the source for a URL (file: → files; a yt-dlp host → yt-dlp when enabled; http(s) →
 * HTTP), runs it through the resilience port (service `content.<source>`: circuit breaker plus one retry of
 * retryable failures; a permanent failure such as a 404 is returned, not thrown, so it never opens the breaker),
 * wraps the result in an {@link Envelope} and writes the transcript's passages to the tenant's vector memory
 * (namespace `content`), where later fact checks find them as evidence.
 */
export class ContentPipeline implements ContentPipelinePort {
  constructor(private readonly deps: ContentPipelineDeps) {}

  /**
   * Releases the HTTP source's pooled connections (Nest calls it at shutdown). Only once the queues have closed and
   * so aborted the runs still fetching: closing the pool waits for requests in flight, up to their fetch timeout.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.deps.http.close?.();
  }

  async process(target: string, options: PipelineOptions): Promise<StepResult<Envelope>> {
    const started = this.deps.clock.now();
    const url = parseTarget(target);
    if (!url)
      return fail('validation', `Not a URL or path: ${JSON.stringify(target)}`, {
        retryable: false,
        data: { qualityIndependent: true } as never,
      });
    const source = this.sourceFor(url, options.localFiles ?? 'roots');
    if (!source)
      return fail(
        'validation',
        `Unsupported scheme ${url.protocol.replace(/:$/, '')} in ${url.href}: use http, https or a local file`,
        { retryable: false, data: { qualityIndependent: true } as never },
      );
    const acquired = await this.acquire(source, url, options);
    if (!acquired.ok) {
      const e = acquired.error;
      return fail(CATEGORY[e.code], e.message, {
        retryable: e.retryable,
        data: {
          code: e.code,
          source: source.name,
          qualityIndependent: QUALITY_INDEPENDENT.has(e.code) || source.name !== 'yt-dlp',
        } as never,
      });
    }
    const content = acquired.content;
    const memory = await this.remember(content, options);
    return ok({
      url: content.download.url,
      quality: options.quality,
      processingTime: (this.deps.clock.now() - started) / 1000,
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      payload: { download: content.download, transcription: content.transcription, memory },
    });
  }

  private sourceFor(url: URL, localFiles: 'roots' | 'any'): ContentSource | undefined {
    if (url.protocol === 'file:') return localFiles === 'any' ? this.deps.files.any : this.deps.files.roots;
    if (this.deps.ytDlp?.canHandle(url)) return this.deps.ytDlp;
    return this.deps.http.canHandle(url) ? this.deps.http : undefined;
  }

  private async acquire(
    source: ContentSource,
    url: URL,
    options: PipelineOptions,
  ): Promise<{ ok: true; content: AcquiredContent } | { ok: false; error: AcquisitionError }> {
    type Attempt = { ok: true; content: AcquiredContent } | { ok: false; error: AcquisitionError };
    // Permanent failures come back as values; only retryable ones throw, for the retry and the breaker to see.
    const run = async (signal: AbortSignal): Promise<Attempt> => {
      try {
        return { ok: true, content: await source.acquire(url, { quality: options.quality, signal }) };
      } catch (e) {
        const error =
          e instanceof AcquisitionError
            ? e
            : new AcquisitionError('failed', `${source.name} failed for ${url.href}: ${(e as Error).message}`);
        if (error.retryable) throw error;
        return { ok: false, error };
      }
    };
    const resilience = this.deps.resilience?.();
    if (!resilience || source.name === 'file')
      return run(options.signal ?? new AbortController().signal).catch((error: AcquisitionError) => ({
        ok: false,
        error,
      }));
    const result = await resilience.execute(`content.${source.name}`, run, {
      strategy: 'circuit_breaker',
      timeoutMs: this.deps.timeoutMs(source) + 1000,
      signal: options.signal,
      retry: { attempts: 2, baseDelayMs: 200, retryOn: (e) => e instanceof AcquisitionError && e.retryable },
    });
    if (result.status === 'ok') return result.data.value;
    const message =
      result.status === 'error' ? ((result.data as { error?: string } | undefined)?.error ?? result.error) : 'skipped';
    const code: AcquisitionErrorCode =
      result.status === 'error' && result.category === 'timeout' ? 'timeout' : 'unavailable';
    return { ok: false, error: new AcquisitionError(code, message, true) };
  }

  private async remember(content: AcquiredContent, options: PipelineOptions): Promise<MemoryWrite> {
    const namespace = this.deps.memoryNamespace;
    const memory = this.deps.memory;
    const chunks = chunkText(content.transcription.transcript);
    if (!memory || chunks.length === 0) return { namespace, stored: 0 };
    const key = fnv1a32(content.download.url).toString(16).padStart(8, '0');
    const records = chunks.map((text, i) => ({
      id: `${key}-${i}`,
      text,
      metadata: { url: content.download.url, title: content.download.title, chunk: i },
    }));
    try {
      return {
        namespace,
        stored: await memory.upsert(
          { tenantId: options.tenantId, workspaceId: options.workspaceId, namespace },
          records,
        ),
      };
    } catch (e) {
      this.deps.logger.warn({
        event: 'content_memory_write_failed',
        tenant_id: options.tenantId,
        error: (e as Error).message,
      });
      return { namespace, stored: 0, error: (e as Error).message };
    }
  }
}
