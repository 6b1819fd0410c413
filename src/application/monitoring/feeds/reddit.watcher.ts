import type { FeedWatcher, FetchValidators, Source } from '../monitoring.types';
import { checkFeed, fromLocator, locatorError } from './feed-check';
import type { FeedFetcher } from './feed-fetcher';

/** `r/<subreddit>` (3–21 letters, digits, `_`) or `u/<user>` (3–20 letters, digits, `_`, `-`). */
const LOCATOR = /^(?:r\/([A-Za-z0-9][A-Za-z0-9_]{2,20})|u\/([A-Za-z0-9_-]{3,20}))$/;

/** A subreddit's newest posts, or a user's submissions, through Reddit's public Atom feeds. */
export class RedditWatcher implements FeedWatcher {
  readonly platform = 'reddit' as const;
  private readonly baseUrl: string;

  /** `baseUrl` defaults to `https://www.reddit.com`. */
  constructor(
    private readonly fetcher: FeedFetcher,
    baseUrl = 'https://www.reddit.com',
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  feedUrl(source: Pick<Source, 'locator' | 'youtubeKind'>): URL {
    const match = LOCATOR.exec(source.locator);
    if (!match) throw locatorError('reddit', source.locator, 'r/<subreddit> or u/<user>');
    const [, subreddit, user] = match;
    return new URL(
      subreddit ? `${this.baseUrl}/r/${subreddit}/new/.rss` : `${this.baseUrl}/user/${user}/submitted/.rss`,
    );
  }

  async check(source: Pick<Source, 'locator' | 'youtubeKind'>, validators: FetchValidators, signal: AbortSignal) {
    const url = fromLocator(() => this.feedUrl(source));
    return url instanceof URL ? checkFeed(this.fetcher, url, validators, signal) : url;
  }
}
