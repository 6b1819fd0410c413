import type { Verdict } from './fact-check.types';

/** One published review of a claim. */
export interface FactCheckReview {
  /** The claim as the fact-checker worded it. */
  readonly claimText: string;
  /** Who made the claim, when known. */
  readonly claimant: string | null;
  /** The reviewing organisation's name, else its site, else the review URL's host. */
  readonly publisher: string;
  readonly url: string;
  readonly title: string | null;
  /** The reviewer's own rating, as published (`Mostly False`, `Pants on Fire!`…). */
  readonly rating: string;
  /** The rating mapped by {@link verdictFromRating}. */
  readonly verdict: Verdict;
  /** ISO 8601 timestamp of the review, when given. */
  readonly reviewedAt: string | null;
}

export interface GoogleFactCheckOptions {
  /** Google Cloud API key with the Fact Check Tools API enabled. Never appears in errors. */
  readonly apiKey: string;
  /** Default `https://factchecktools.googleapis.com`. */
  readonly baseUrl?: string;
  /** BCP-47 language of the reviews (default `en`). */
  readonly languageCode?: string;
  /** Only reviews at most this many days old (default: no limit). */
  readonly maxAgeDays?: number;
  /** Claims per search (default 5); each claim can carry several reviews. */
  readonly pageSize?: number;
  /** Per search (default 8000 ms). */
  readonly timeoutMs?: number;
  /** HTTP client (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
}

interface ClaimsSearchResponse {
  claims?: {
    text?: string;
    claimant?: string;
    claimReview?: {
      publisher?: { name?: string; site?: string };
      url?: string;
      title?: string;
      reviewDate?: string;
      textualRating?: string;
    }[];
  }[];
}

const MIXED = /\b(half[\s-]*true|half[\s-]*truth|mixture|mixed|partly|partially|part true|missing context)\b/;
const REFUTED =
  /\b(false|fake|pants on fire|incorrect|inaccurate|misleading|fabricated|untrue|not true|not correct|not accurate|wrong|hoax|debunked)\b/;
const SUPPORTED = /\b(true|correct|accurate|verified|confirmed)\b/;

/**
 * Maps a textual rating to a verdict, by the first rule that matches the lower-cased rating (English only; other
 * languages come out `uncertain`):
 * 1. `mixed`: half true / half-truth, mixture, mixed, partly, partially, part true, missing context;
 * 2. `refuted`: false (so `Mostly False`), fake, pants on fire, incorrect, inaccurate, misleading, fabricated,
 *    untrue, not true / not correct / not accurate, wrong, hoax, debunked;
 * 3. `supported`: true (so `Mostly True`), correct, accurate, verified, confirmed;
 * 4. anything else (`Unproven`, `Satire`, `Outdated`…): `uncertain`.
 *
 * The order matters: `Half True` and `Partly false` are mixed, `Not true` and `Inaccurate` are refuted.
 */
export function verdictFromRating(rating: string): Verdict {
  const text = rating
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ');
  if (MIXED.test(text)) return 'mixed';
  if (REFUTED.test(text)) return 'refuted';
  if (SUPPORTED.test(text)) return 'supported';
  return 'uncertain';
}

/**
 * Client of the Google Fact Check Tools API (`claims:search`), opt-in through `content.googleFactCheckApiKey`.
 * Each review of each matching claim becomes a {@link FactCheckReview}; reviews without a URL are left out.
 * Failures reject with an Error naming the HTTP status and the API's `error.message`, with the key redacted
 * wherever it might appear.
 *
 * @example
 * const reviews = await new GoogleFactCheckClient({ apiKey }).search('The moon landing was staged');
 */
export class GoogleFactCheckClient {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: GoogleFactCheckOptions) {
    if (options.apiKey.trim() === '') throw new Error('GoogleFactCheckClient: apiKey is empty');
    this.baseUrl = (options.baseUrl ?? 'https://factchecktools.googleapis.com').replace(/\/+$/, '');
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Published reviews of claims matching `claimText`, in the API's order of relevance; `[]` when none. */
  async search(claimText: string, signal?: AbortSignal): Promise<FactCheckReview[]> {
    const url = new URL(`${this.baseUrl}/v1alpha1/claims:search`);
    url.searchParams.set('query', claimText);
    url.searchParams.set('languageCode', this.options.languageCode ?? 'en');
    url.searchParams.set('pageSize', String(this.options.pageSize ?? 5));
    if (this.options.maxAgeDays !== undefined) url.searchParams.set('maxAgeDays', String(this.options.maxAgeDays));
    url.searchParams.set('key', this.options.apiKey);

    const timeoutMs = this.options.timeoutMs ?? 8000;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await this.fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error: unknown) {
      if (signal?.aborted) throw signal.reason;
      const message = timeout.aborted
        ? `Google Fact Check search timed out after ${timeoutMs} ms`
        : `Google Fact Check search failed: ${this.redact(messageOf(error))}`;
      // Not kept as `cause`: network errors can carry the request, and with it the key.
      // eslint-disable-next-line preserve-caught-error -- see the line above
      throw new Error(message);
    }
    const text = await response.text();
    if (!response.ok) {
      throw new Error(
        `Google Fact Check search failed: HTTP ${response.status}: ${this.redact(apiErrorMessage(text))}`,
      );
    }
    let body: ClaimsSearchResponse;
    try {
      body = JSON.parse(text || '{}') as ClaimsSearchResponse;
    } catch {
      throw new Error(`Google Fact Check search failed: HTTP ${response.status} with a body that is not JSON`);
    }
    return toReviews(body);
  }

  private redact(text: string): string {
    return text.split(this.options.apiKey).join('[redacted]');
  }
}

function toReviews(body: ClaimsSearchResponse): FactCheckReview[] {
  const reviews: FactCheckReview[] = [];
  for (const claim of body.claims ?? []) {
    for (const review of claim.claimReview ?? []) {
      if (!review.url) continue;
      const rating = review.textualRating ?? '';
      reviews.push({
        claimText: claim.text ?? '',
        claimant: claim.claimant || null,
        publisher: review.publisher?.name || review.publisher?.site || hostOf(review.url),
        url: review.url,
        title: review.title || null,
        rating,
        verdict: verdictFromRating(rating),
        reviewedAt: review.reviewDate || null,
      });
    }
  }
  return reviews;
}

/** The API's `error.message`, else the start of the body. */
function apiErrorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON (a proxy's HTML page): fall through to the excerpt.
  }
  return body.slice(0, 200);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}
