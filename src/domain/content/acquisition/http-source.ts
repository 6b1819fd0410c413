import type { LookupFunction } from 'node:net';
import { TextDecoder } from 'node:util';
import { Agent, request, type Dispatcher } from 'undici';
import {
  AcquisitionError,
  type AcquireOptions,
  type AcquiredContent,
  type ContentSource,
  type Transcription,
} from '../content.types';
import { checkHost, guardedLookup, isBlockedAddressError, type AddressPolicy } from '../../../core/http/address-guard';
import { NETWORK_ERROR_CODES as NETWORK_CODES } from '../../../core/http/network-codes';
import { extractHtml } from './html-extract';
import { extractJson } from './json-extract';
import { detectPlatform } from './platform';

/** Options of {@link HttpSource}. */
export interface HttpSourceOptions {
  /** Which non-public addresses may be fetched; `{ allowedCidrs: [] }` allows public unicast only. */
  readonly policy: AddressPolicy;
  /** Largest body read, in bytes, checked against Content-Length and while reading. Default 5 MiB. */
  readonly maxBytes?: number;
  /** Budget for the whole request, redirects included: connecting, headers and body. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Redirects followed before giving up. Default 4. */
  readonly maxRedirects?: number;
  /** Default `crew-orchestrator/0.1 (+content intelligence)`. */
  readonly userAgent?: string;
  /** DNS lookup used before the address check (tests inject one); default `dns.lookup`. */
  readonly lookup?: LookupFunction;
}

type Kind = 'html' | 'text' | 'json';

const ACCEPT = 'text/html, application/xhtml+xml, text/plain;q=0.9, application/json;q=0.9';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function kindOf(mediaType: string): Kind | undefined {
  if (mediaType === 'text/html' || mediaType === 'application/xhtml+xml') return 'html';
  if (mediaType === 'text/plain') return 'text';
  if (mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) return 'json';
  return undefined;
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function resolve(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  try {
    return label ? new TextDecoder(label) : undefined;
  } catch {
    return undefined; // an unknown label: the next source decides
  }
}

/** Decodes with the declared charset, else a `<meta charset>` near the start of an HTML page, else UTF-8. */
function decode(bytes: Buffer, contentType: string, kind: Kind): string {
  const declared = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  const head = kind === 'html' ? bytes.subarray(0, 1024).toString('latin1') : '';
  const sniffed = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  const decoder = decoderFor(declared) ?? decoderFor(sniffed) ?? new TextDecoder('utf-8');
  return decoder.decode(bytes);
}

/**
 * Acquires web pages, plain text and JSON over HTTP(S). Every connection, each redirect hop included, resolves its
 * host through the address guard right before connecting, so private, loopback and other non-public addresses are
 * refused even when DNS changes its answer between hops; IP-literal hosts are checked before any request.
 */
export class HttpSource implements ContentSource {
  readonly name = 'http' as const;
  private readonly policy: AddressPolicy;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;
  private readonly agent: Agent;

  constructor(options: HttpSourceOptions) {
    this.policy = options.policy;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRedirects = options.maxRedirects ?? 4;
    this.userAgent = options.userAgent ?? 'crew-orchestrator/0.1 (+content intelligence)';
    this.agent = new Agent({ connect: { lookup: guardedLookup(options.policy, options.lookup) } });
  }

  canHandle(url: URL): boolean {
    return url.protocol === 'http:' || url.protocol === 'https:';
  }

  async acquire(url: URL, options: AcquireOptions): Promise<AcquiredContent> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let current = url;
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await this.get(current, signal);
        const location = REDIRECTS.has(response.statusCode) ? header(response.headers, 'location') : undefined;
        if (location === undefined) return await this.read(response, current);
        await response.body.dump({ limit: 64 * 1024, signal });
        const next = resolve(location, current);
        if (!next)
          throw new AcquisitionError('invalid_url', `GET ${current.href}: redirect to an invalid URL "${location}"`);
        if (redirects >= this.maxRedirects) {
          throw new AcquisitionError(
            'too_many_redirects',
            `GET ${url.href}: more than ${this.maxRedirects} redirects (the last to ${next.href})`,
          );
        }
        current = next;
      }
    } catch (error) {
      throw this.failure(error, current, deadline, options.signal);
    }
  }

  /** Closes the pooled connections. */
  close(): Promise<void> {
    return this.agent.close();
  }

  private async get(url: URL, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    if (!this.canHandle(url)) {
      throw new AcquisitionError(
        'unsupported_scheme',
        `GET ${url.href}: the ${url.protocol} scheme is not fetched (only http: and https:)`,
      );
    }
    const blocked = checkHost(url.hostname, this.policy);
    if (blocked) throw new AcquisitionError('blocked_address', `GET ${url.href}: ${blocked.message}`);
    const headers = { accept: ACCEPT, 'accept-encoding': 'identity', 'user-agent': this.userAgent };
    return request(url, { dispatcher: this.agent, method: 'GET', headers, signal });
  }

  private async read(response: Dispatcher.ResponseData, url: URL): Promise<AcquiredContent> {
    const fail = (
      code: 'not_found' | 'http_error' | 'unsupported_type' | 'too_large',
      detail: string,
      retryable = false,
    ): never => {
      // Destroying an unfinished undici body emits an abort error: expected here, and unhandled it would crash.
      response.body.on('error', () => undefined).destroy();
      throw new AcquisitionError(code, `GET ${url.href}: ${detail}`, retryable);
    };
    const status = response.statusCode;
    if (status === 404 || status === 410) return fail('not_found', `HTTP ${status}, no such page`);
    if (status < 200 || status > 299) return fail('http_error', `HTTP ${status}`, status >= 500);
    const contentType = header(response.headers, 'content-type') ?? '';
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    const kind = kindOf(mediaType);
    if (!kind)
      return fail(
        'unsupported_type',
        `unsupported content type ${mediaType || '(none)'} (HTML, plain text or JSON expected)`,
      );
    const encoding = header(response.headers, 'content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity')
      return fail('unsupported_type', `unsupported content encoding ${encoding} (identity was asked for)`);
    const declared = Number(header(response.headers, 'content-length'));
    if (declared > this.maxBytes)
      return fail('too_large', `Content-Length ${declared} exceeds the ${this.maxBytes}-byte limit`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.maxBytes) return fail('too_large', `body exceeds the ${this.maxBytes}-byte limit`);
      chunks.push(chunk);
    }
    return this.content(url, mediaType, kind, decode(Buffer.concat(chunks), contentType, kind));
  }

  private content(url: URL, contentType: string, kind: Kind, body: string): AcquiredContent {
    const common = {
      url: url.href,
      platform: detectPlatform(url),
      duration: null,
      contentType,
      source: 'http' as const,
    };
    const authored = (transcript: string, origin: Transcription['origin']): Transcription => ({
      transcript,
      timelineAnchors: [],
      qualityScore: 1,
      origin,
    });
    if (kind === 'html') {
      const page = extractHtml(body, url.href);
      const { title, author, publishedAt } = page;
      return {
        download: { ...common, title, author, site: page.site ?? url.hostname, publishedAt },
        transcription: authored(page.text, 'page'),
      };
    }
    const json = kind === 'json' ? extractJson(body) : null;
    if (kind === 'json' && !json)
      throw new AcquisitionError('failed', `GET ${url.href}: the ${contentType} body is not valid JSON`);
    const text = json ? json.text : body.replace(/\r\n?/g, '\n').trim();
    return {
      download: { ...common, title: json?.title ?? null, author: null, site: url.hostname, publishedAt: null },
      transcription: authored(text, 'text'),
    };
  }

  /** The AcquisitionError for whatever went wrong while fetching `url`. */
  private failure(error: unknown, url: URL, deadline: AbortSignal, caller: AbortSignal | undefined): AcquisitionError {
    if (error instanceof AcquisitionError) return error;
    if (deadline.aborted)
      return new AcquisitionError('timeout', `GET ${url.href}: no complete response within ${this.timeoutMs} ms`, true);
    if (caller?.aborted) {
      const timedOut = caller.reason instanceof DOMException && caller.reason.name === 'TimeoutError';
      return new AcquisitionError(timedOut ? 'timeout' : 'failed', `GET ${url.href}: aborted by the caller`, timedOut);
    }
    // Duck-typed and bounded: errors from Node's core may come from another realm (jest), and causes can loop.
    let cause: unknown = error;
    for (
      let depth = 0;
      depth < 5 && typeof cause === 'object' && cause !== null;
      depth++, cause = (cause as Error).cause
    ) {
      if (isBlockedAddressError(cause))
        return new AcquisitionError('blocked_address', `GET ${url.href}: ${cause.message}`);
      const code = (cause as NodeJS.ErrnoException).code;
      if (code && NETWORK_CODES.has(code)) {
        return new AcquisitionError(
          'unavailable',
          `GET ${url.href}: cannot reach the server (${code})`,
          code !== 'ENOTFOUND',
        );
      }
    }
    return new AcquisitionError('failed', `GET ${url.href}: ${(error as Error | undefined)?.message ?? String(error)}`);
  }
}
