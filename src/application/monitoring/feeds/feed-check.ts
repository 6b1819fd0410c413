import type { CheckOutcome, FeedItem, FetchValidators } from '../monitoring.types';
import { errorOutcome, type CheckError } from './fetch-failure';
import type { FeedFetcher } from './feed-fetcher';
import { parseFeedDocument } from './feed-parser';

/**
 * Fetches `url` and reads it as a feed. A body that is not a feed is a `malformed` error carrying the status and
 * bytes, never an empty list. The WebSub topic is the feed's `rel="self"` link, else the URL it was fetched from.
 */
export async function checkFeed(
  fetcher: FeedFetcher,
  url: URL,
  validators: FetchValidators,
  signal: AbortSignal,
  kind: FeedItem['kind'] = 'post',
): Promise<CheckOutcome> {
  const fetched = await fetcher.fetch(url, validators, signal);
  if (fetched.status !== 'fetched') return fetched;
  const parsed = parseFeedDocument(fetched.body, { kind, baseUrl: fetched.url, contentType: fetched.contentType });
  if (parsed.status === 'malformed') {
    const message = `GET ${fetched.url.href}: ${parsed.message}`;
    return errorOutcome('malformed', message, { httpStatus: fetched.httpStatus, bytes: fetched.bytes });
  }
  return {
    status: 'ok',
    httpStatus: fetched.httpStatus,
    bytes: fetched.bytes,
    items: parsed.items,
    validators: fetched.validators,
    hub: parsed.hub ? { hubUrl: parsed.hub, topicUrl: parsed.topic ?? fetched.url.href } : null,
  };
}

/** The validation error of a locator; its message names `locator`. */
export function locatorError(platform: string, locator: string, expected: string): Error {
  return new Error(`locator "${locator}" is not a valid ${platform} locator: expected ${expected}`);
}

/**
 * Builds what a check needs from the locator; a locator that cannot be read (stored before validation got
 * stricter, say) is an `unsupported` outcome, since `check` never throws.
 */
export function fromLocator<T>(build: () => T): T | CheckError {
  try {
    return build();
  } catch (error) {
    return errorOutcome('unsupported', error instanceof Error ? error.message : String(error));
  }
}
