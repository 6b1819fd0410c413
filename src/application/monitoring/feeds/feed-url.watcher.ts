import type { FeedWatcher, FetchValidators, Source } from '../monitoring.types';
import { checkFeed, fromLocator, locatorError } from './feed-check';
import type { FeedFetcher } from './feed-fetcher';

/** Longest feed URL accepted as a locator. */
const MAX_URL_LENGTH = 2048;

/** Any RSS, Atom, RDF or JSON Feed; the locator is the feed's http(s) URL (without credentials). */
export class FeedUrlWatcher implements FeedWatcher {
  readonly platform = 'feed' as const;

  constructor(private readonly fetcher: FeedFetcher) {}

  feedUrl(source: Pick<Source, 'locator' | 'youtubeKind'>): URL {
    const locator = source.locator.trim();
    const url = locator.length <= MAX_URL_LENGTH ? URL.parse(locator) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
      throw locatorError(
        'feed',
        source.locator,
        `an http(s) URL of at most ${MAX_URL_LENGTH} characters, without credentials`,
      );
    }
    url.hash = '';
    return url;
  }

  async check(source: Pick<Source, 'locator' | 'youtubeKind'>, validators: FetchValidators, signal: AbortSignal) {
    const url = fromLocator(() => this.feedUrl(source));
    return url instanceof URL ? checkFeed(this.fetcher, url, validators, signal) : url;
  }
}
