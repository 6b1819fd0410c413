import type { LookupFunction } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import { checkHost, guardedLookup, type AddressPolicy } from '../../../core/http/address-guard';
import type { ResiliencePort } from '../../../core/ports/resilience.port';
import type { Clock } from '../../../core/runtime/clock';
import type { CheckOutcome, FetchValidators } from '../monitoring.types';
import { readBody, drainBody } from './body-reader';
import { failureOutcome, errorOutcome, type CheckError } from './fetch-failure';
import { HostBackoff, parseRetryAfter, type HostBackoffOptions } from './host-backoff';

/** Options of {@link FeedFetcher}. */
export interface FeedFetcherOptions {
  /** Which non-public addresses may be fetched; `{ allowedCidrs: [] }` allows public unicast only. */
  readonly policy: AddressPolicy;
  readonly clock: Clock;
  /** Largest body, in bytes, both as received and once decompressed. Default 5 MiB. */
  readonly maxBytes?: number;
  /** Budget of one fetch, redirects included: connecting, headers and body. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Redirects followed, each re-checked. Default 4. */
  readonly maxRedirects?: number;
  /** Default `crew-orchestrator/0.1 (+feed monitoring)`. */
  readonly userAgent?: string;
  /** Pauses after 5xx and network failures. */
  readonly backoff?: HostBackoffOptions;
  /** When given, every fetch runs through the circuit breaker of `monitoring:<host>`. */
  readonly resilience?: ResiliencePort;
  /** Open connections per host at most; further fetches of the host wait for one. Default 4. */
  readonly connectionsPerHost?: number;
  /** DNS lookup used before the address check (tests inject one); default `dns.lookup`. */
  readonly lookup?: LookupFunction;
}

/** A fetched body, not yet read as a feed. */
export interface FetchedBody {
  readonly status: 'fetched';
  readonly httpStatus: number;
  /** Bytes received on the wire, redirect bodies included. */
  readonly bytes: number;
  /** Decompressed. */
  readonly body: Buffer;
  readonly contentType: string | null;
  readonly validators: FetchValidators;
  /** Where the body came from, after redirects. */
  readonly url: URL;
}

export type FetchResult = FetchedBody | Extract<CheckOutcome, { status: 'not_modified' }> | CheckError;

const ACCEPT =
  'application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, ' +
  'application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Fetches feeds politely: conditional GET with the validators exactly as the server gave them, compressed transfer,
 * a size cap on the wire and decompressed bytes, a deadline, re-checked redirects, and per-host pauses after 429,
 * Retry-After, 5xx and network failures (a paused host gets no request at all). Every connection resolves its host
 * through the address guard; IP-literal hosts are checked before any request. Never throws.
 */
export class FeedFetcher {
  readonly backoff: HostBackoff;
  private readonly policy: AddressPolicy;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly userAgent: string;
  private readonly agent: Agent;

  constructor(private readonly options: FeedFetcherOptions) {
    this.policy = options.policy;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRedirects = options.maxRedirects ?? 4;
    this.userAgent = options.userAgent ?? 'crew-orchestrator/0.1 (+feed monitoring)';
    this.backoff = new HostBackoff(options.clock, options.backoff);
    this.agent = new Agent({
      connections: options.connectionsPerHost ?? 4,
      connect: { lookup: guardedLookup(options.policy, options.lookup) },
    });
  }

  /** Fetches `url` once (following redirects), unless its host is paused. */
  async fetch(url: URL, validators: FetchValidators, signal: AbortSignal): Promise<FetchResult> {
    const paused = this.refusal(url);
    if (paused) return paused;
    const resilience = this.options.resilience;
    if (!resilience) return this.fetchChecked(url, validators, signal);
    let outcome: FetchResult | undefined;
    const result = await resilience.execute(
      `monitoring:${url.host}`,
      async (inner) => {
        outcome = await this.fetchChecked(url, validators, AbortSignal.any([signal, inner]));
        // Only a server that is down or unreachable counts against its breaker.
        if (outcome.status === 'error' && isServerFailure(outcome)) throw new Error(outcome.message);
        return outcome;
      },
      { strategy: 'circuit_breaker', timeoutMs: this.timeoutMs, signal },
    );
    if (outcome) return outcome;
    const kind = result.status === 'error' && result.category === 'timeout' ? 'timeout' : 'unreachable';
    const reason = result.status === 'error' ? result.error : `resilience answered ${result.status}`;
    const what = kind === 'timeout' ? 'no answer in time' : 'not attempted';
    return errorOutcome(kind, `GET ${url.href}: ${what} (${reason})`);
  }

  /** Closes the pooled connections. */
  close(): Promise<void> {
    return this.agent.close();
  }

  private refusal(url: URL): CheckError | undefined {
    const pause = this.backoff.pausedUntil(url.host);
    if (!pause) return undefined;
    const waitMs = pause.until - this.options.clock.now();
    return errorOutcome(
      pause.reason,
      `GET ${url.href}: ${url.host} is paused until ${new Date(pause.until).toISOString()} after ${pause.reason === 'rate_limited' ? 'a rate limit' : `${pause.failures} failure(s)`}; no request made`,
      { retryAfterMs: waitMs },
    );
  }

  private async fetchChecked(url: URL, validators: FetchValidators, caller: AbortSignal): Promise<FetchResult> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = AbortSignal.any([caller, deadline]);
    let current = url;
    let bytes = 0;
    try {
      for (let redirects = 0; ; redirects++) {
        if (current !== url) {
          const paused = this.refusal(current);
          if (paused) return { ...paused, bytes };
        }
        const refused = this.precheck(current);
        if (refused) return { ...refused, bytes };
        const response = await this.get(current, validators, signal);
        const location = REDIRECTS.has(response.statusCode) ? header(response.headers, 'location') : undefined;
        if (location === undefined) return this.settle(current, await this.read(response, current, bytes, signal));
        bytes += await drainBody(response.body, 64 * 1024);
        const next = URL.parse(location, current.href);
        if (!next)
          return errorOutcome('http', `GET ${current.href}: redirect to an invalid URL "${location}"`, { bytes });
        if (redirects >= this.maxRedirects) {
          const message = `GET ${url.href}: more than ${this.maxRedirects} redirects (the last to ${next.href})`;
          return errorOutcome('http', message, { bytes, httpStatus: response.statusCode });
        }
        current = next;
      }
    } catch (error) {
      const failure = failureOutcome(error, current, bytes, { deadline, caller, timeoutMs: this.timeoutMs });
      // Our own cancellation (shutdown, a breaker's timeout) says nothing about the host.
      return caller.aborted && !deadline.aborted ? failure : this.settle(current, failure);
    }
  }

  private precheck(url: URL): CheckError | undefined {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return errorOutcome(
        'blocked',
        `GET ${url.href}: the ${url.protocol} scheme is not fetched (only http: and https:)`,
      );
    }
    const blocked = checkHost(url.hostname, this.policy);
    return blocked ? errorOutcome('blocked', `GET ${url.href}: ${blocked.message}`) : undefined;
  }

  private get(url: URL, validators: FetchValidators, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      accept: ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': this.userAgent,
    };
    if (validators.etag !== null) headers['if-none-match'] = validators.etag;
    if (validators.lastModified !== null) headers['if-modified-since'] = validators.lastModified;
    return request(url, { dispatcher: this.agent, method: 'GET', headers, signal });
  }

  private async read(
    response: Dispatcher.ResponseData,
    url: URL,
    before: number,
    signal: AbortSignal,
  ): Promise<FetchResult> {
    const status = response.statusCode;
    const get = (name: string) => header(response.headers, name);
    if (status === 304)
      return { status: 'not_modified', httpStatus: 304, bytes: before + (await drainBody(response.body, 64 * 1024)) };
    if (status < 200 || status > 299) {
      const bytes = before + (await drainBody(response.body, 64 * 1024));
      const retryAfterMs = parseRetryAfter(get('retry-after'), this.options.clock.now());
      const limited = status === 429 || (status === 503 && retryAfterMs !== null);
      return errorOutcome(limited ? 'rate_limited' : 'http', `GET ${url.href}: HTTP ${status}`, {
        httpStatus: status,
        retryAfterMs,
        bytes,
      });
    }
    const declared = Number(get('content-length'));
    if (declared > this.maxBytes) {
      response.body.on('error', () => undefined).destroy();
      const message = `GET ${url.href}: Content-Length ${declared} exceeds the ${this.maxBytes}-byte limit`;
      return errorOutcome('too_large', message, { httpStatus: status, bytes: before });
    }
    const body = await readBody(response.body, get('content-encoding'), this.maxBytes, signal);
    if (body.status !== 'read') {
      const kind = body.status === 'too_large' ? 'too_large' : 'malformed';
      return errorOutcome(kind, `GET ${url.href}: ${body.message}`, {
        httpStatus: status,
        bytes: before + body.wireBytes,
      });
    }
    return {
      status: 'fetched',
      httpStatus: status,
      bytes: before + body.wireBytes,
      body: body.data,
      contentType: get('content-type') ?? null,
      validators: { etag: get('etag') ?? null, lastModified: get('last-modified') ?? null },
      url,
    };
  }

  /** Records the host's health from the result. */
  private settle(url: URL, result: FetchResult): FetchResult {
    if (result.status !== 'error') {
      this.backoff.success(url.host);
      return result;
    }
    if (result.kind === 'rate_limited' && result.retryAfterMs !== null) {
      this.backoff.retryAfter(url.host, result.retryAfterMs);
    } else if (result.kind === 'rate_limited' || isServerFailure(result)) {
      this.backoff.failure(url.host, result.kind === 'rate_limited' ? 'rate_limited' : serverReason(result));
    }
    return result;
  }
}

/** A 5xx, a timeout or an unreachable server: the host is struggling, not the request. */
function isServerFailure(outcome: CheckError): boolean {
  if (outcome.kind === 'http') return (outcome.httpStatus ?? 0) >= 500;
  return outcome.kind === 'timeout' || outcome.kind === 'unreachable';
}

function serverReason(outcome: CheckError): 'http' | 'timeout' | 'unreachable' {
  return outcome.kind === 'timeout' || outcome.kind === 'unreachable' ? outcome.kind : 'http';
}
