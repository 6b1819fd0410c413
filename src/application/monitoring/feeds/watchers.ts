import type { CheckOutcome, FeedWatcher, FetchValidators, Platform, Source } from '../monitoring.types';
import { errorOutcome } from './fetch-failure';
import type { FeedFetcher } from './feed-fetcher';
import { FeedUrlWatcher } from './feed-url.watcher';
import { RedditWatcher } from './reddit.watcher';
import { YoutubeWatcher } from './youtube.watcher';

/** Where the platform feeds are fetched from (tests point them at a loopback server). */
export interface WatcherBaseUrls {
  /** Default `https://www.youtube.com`. */
  readonly youtubeBaseUrl?: string;
  /** Default `https://www.reddit.com`. */
  readonly redditBaseUrl?: string;
}

/**
 * The watcher of each platform. Out of the box: `feed`, `youtube` and `reddit`, read through public feeds. Twitch,
 * TikTok, Instagram, Twitter and Discord have no public feed, so they have no watcher here: a check of a source on
 * them is an `unsupported` outcome. {@link FeedWatcher} is the port an adapter for such a platform implements (an
 * official API client, say); passing it in `extra` installs it, replacing any watcher of the same platform.
 */
export class FeedWatchers {
  private readonly byPlatform = new Map<Platform, FeedWatcher>();

  constructor(fetcher: FeedFetcher, urls: WatcherBaseUrls = {}, extra: readonly FeedWatcher[] = []) {
    const builtIn = [
      new FeedUrlWatcher(fetcher),
      new YoutubeWatcher(fetcher, urls.youtubeBaseUrl),
      new RedditWatcher(fetcher, urls.redditBaseUrl),
    ];
    for (const watcher of [...builtIn, ...extra]) this.byPlatform.set(watcher.platform, watcher);
  }

  /** The platform's watcher, or undefined when none is installed. */
  watcherFor(platform: Platform): FeedWatcher | undefined {
    return this.byPlatform.get(platform);
  }

  /** Platforms that can be watched. */
  platforms(): Platform[] {
    return [...this.byPlatform.keys()];
  }

  /** Checks the source with its platform's watcher; `unsupported` when the platform has none. Never throws. */
  async check(
    source: Pick<Source, 'platform' | 'locator' | 'youtubeKind'>,
    validators: FetchValidators,
    signal: AbortSignal,
  ): Promise<CheckOutcome> {
    const watcher = this.watcherFor(source.platform);
    if (!watcher) {
      return errorOutcome('unsupported', `no watcher is installed for ${source.platform}: it has no public feed`);
    }
    try {
      return await watcher.check(source, validators, signal);
    } catch (error) {
      // An installed adapter broke its contract; still an error outcome, never an exception.
      return errorOutcome('unreachable', `${source.platform} watcher failed: ${(error as Error).message}`);
    }
  }
}
