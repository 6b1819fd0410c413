import type { FeedItem, FeedWatcher, FetchValidators, Source, YoutubeKind } from '../monitoring.types';
import { checkFeed, fromLocator, locatorError } from './feed-check';
import type { FeedFetcher } from './feed-fetcher';

/** A channel id (`UC` + 22) or one of its upload playlists (`UU`, `UULF` long videos, `UUSH` Shorts, `UULV` live). */
const LOCATOR = /^(UC|UU|UULF|UUSH|UULV)([A-Za-z0-9_-]{22})$/;
const KIND_OF_PREFIX: Record<string, YoutubeKind> = {
  UC: 'all',
  UU: 'all',
  UULF: 'videos',
  UUSH: 'shorts',
  UULV: 'live',
};
const PLAYLIST_PREFIX: Record<Exclude<YoutubeKind, 'all'>, string> = { videos: 'UULF', shorts: 'UUSH', live: 'UULV' };
const ITEM_KIND: Record<YoutubeKind, FeedItem['kind']> = {
  all: 'video',
  videos: 'video',
  shorts: 'short',
  live: 'live',
};

/**
 * A YouTube channel through its public Atom feed (the latest 15 uploads). `youtubeKind` picks the feed: `all` the
 * channel feed, `videos`/`shorts`/`live` the channel's long-video, Shorts or live playlist. A playlist locator
 * fixes the kind itself; a `youtubeKind` that contradicts it is refused.
 */
export class YoutubeWatcher implements FeedWatcher {
  readonly platform = 'youtube' as const;
  private readonly baseUrl: string;

  /** `baseUrl` defaults to `https://www.youtube.com`. */
  constructor(
    private readonly fetcher: FeedFetcher,
    baseUrl = 'https://www.youtube.com',
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The kind a source's feed lists. */
  kindOf(source: Pick<Source, 'locator' | 'youtubeKind'>): YoutubeKind {
    return this.resolve(source).kind;
  }

  feedUrl(source: Pick<Source, 'locator' | 'youtubeKind'>): URL {
    const { kind, rest } = this.resolve(source);
    const url = new URL(`${this.baseUrl}/feeds/videos.xml`);
    if (kind === 'all') url.searchParams.set('channel_id', `UC${rest}`);
    else url.searchParams.set('playlist_id', `${PLAYLIST_PREFIX[kind]}${rest}`);
    return url;
  }

  async check(source: Pick<Source, 'locator' | 'youtubeKind'>, validators: FetchValidators, signal: AbortSignal) {
    const target = fromLocator(() => ({ url: this.feedUrl(source), kind: ITEM_KIND[this.kindOf(source)] }));
    if ('status' in target) return target;
    return checkFeed(this.fetcher, target.url, validators, signal, target.kind);
  }

  private resolve(source: Pick<Source, 'locator' | 'youtubeKind'>): { kind: YoutubeKind; rest: string } {
    const match = LOCATOR.exec(source.locator);
    if (!match) {
      throw locatorError('youtube', source.locator, 'a channel id UC… or a playlist id UU…, UULF…, UUSH… or UULV…');
    }
    const [, prefix, rest] = match;
    const fixed = KIND_OF_PREFIX[prefix];
    if (prefix === 'UC') return { kind: source.youtubeKind ?? 'all', rest };
    if (source.youtubeKind !== null && source.youtubeKind !== fixed) {
      throw new Error(
        `locator "${source.locator}" is the channel's ${fixed} playlist, but youtubeKind is ${source.youtubeKind}`,
      );
    }
    return { kind: fixed, rest };
  }
}
