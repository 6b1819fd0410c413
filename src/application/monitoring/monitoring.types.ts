import type { ContentRunDepth, ContentRunMode } from '../../core/ports/content-runs.port';

/**
 * Platforms a source may be on. `feed` is any RSS, Atom, RDF or JSON Feed URL; `youtube` and `reddit` are read
 * through their public feeds; the others have no public feed and are kept as documented ports (a source on them
 * is stored, but cannot be enabled until an adapter for the platform is installed).
 */
export const PLATFORMS = ['youtube', 'reddit', 'feed', 'twitch', 'tiktok', 'instagram', 'twitter', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Platforms read through a public feed, so a source on them can be watched out of the box. */
export const FEED_PLATFORMS: readonly Platform[] = ['youtube', 'reddit', 'feed'];

/** What part of a YouTube channel a source follows: every upload, long videos only, Shorts only, or live streams. */
export const YOUTUBE_KINDS = ['all', 'videos', 'shorts', 'live'] as const;
export type YoutubeKind = (typeof YOUTUBE_KINDS)[number];

/** A creator a tenant follows, on any number of sources. */
export interface Creator {
  readonly tenantId: string;
  readonly workspaceId: string;
  /** Unique per tenant: a slug such as `h3_podcast`. */
  readonly id: string;
  readonly name: string;
  /** 1 = most important; null when not ranked. */
  readonly tier: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A daily window, in a time zone, during which a source is not checked (e.g. 23:00–07:00). */
export interface QuietHours {
  /** `HH:MM`, inclusive. */
  readonly start: string;
  /** `HH:MM`, exclusive; may be earlier than `start` (the window crosses midnight). */
  readonly end: string;
  /** IANA zone name; default `UTC`. */
  readonly timeZone: string;
}

/** One feed or channel of a creator, watched on a schedule. */
export interface Source {
  readonly tenantId: string;
  readonly workspaceId: string;
  /** Generated id. */
  readonly id: string;
  readonly creatorId: string;
  readonly platform: Platform;
  /**
   * What identifies the source on its platform, as given: a feed URL (`feed`), a channel id `UC…` or a playlist id
   * (`youtube`), a subreddit `r/name` or user `u/name` (`reddit`), a handle (platforms without a feed).
   */
  readonly locator: string;
  /** YouTube only: which uploads are followed. */
  readonly youtubeKind: YoutubeKind | null;
  readonly enabled: boolean;
  /** 1 (highest) … 5: the source's weight when checks compete for the concurrency of the instance. */
  readonly priority: number;
  /** The configured check interval; the adapted interval stays within `[minIntervalSeconds, maxIntervalSeconds]`. */
  readonly intervalSeconds: number;
  readonly minIntervalSeconds: number;
  readonly maxIntervalSeconds: number;
  /** Each check is moved by a random offset in `[0, jitterSeconds]`. */
  readonly jitterSeconds: number;
  readonly quietHours: QuietHours | null;
  /** How each new item is analysed. */
  readonly runMode: ContentRunMode;
  readonly runDepth: ContentRunDepth;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** One entry of a feed, normalised. */
export interface FeedItem {
  /**
   * Stable per source: the entry's guid or id (a YouTube video id as `yt:<id>`), else its link; never the title or
   * position.
   */
  readonly id: string;
  readonly url: string;
  readonly title: string | null;
  /** Epoch ms, from the entry's published (else updated) date; null when it has none. */
  readonly publishedAt: number | null;
  /** `video`, `short` or `live` for YouTube; `post` otherwise. */
  readonly kind: 'video' | 'short' | 'live' | 'post';
}

/** Why a check did not give the feed's entries. None of these ever means "no new content". */
export const CHECK_ERROR_KINDS = [
  /** An HTTP status other than 200 or 304 (403, 404, 410, 5xx …). */
  'http',
  /** 429, or 503 with Retry-After. */
  'rate_limited',
  /** The body is not a feed this watcher can read. */
  'malformed',
  /** The body exceeded the size cap. */
  'too_large',
  'timeout',
  /** Connection refused, reset, DNS failure. */
  'unreachable',
  /** The address guard refused the host. */
  'blocked',
  /** The feed parsed, but lists none of the entries it listed before (an error page served as a feed, a wipe). */
  'emptied',
  /** The platform has no watcher installed. */
  'unsupported',
] as const;
export type CheckErrorKind = (typeof CHECK_ERROR_KINDS)[number];

/** What the watcher remembers between checks of one source (stored with the source's state). */
export interface FetchValidators {
  /** Exactly as received. */
  readonly etag: string | null;
  /** Exactly as received. */
  readonly lastModified: string | null;
}

/** The result of fetching and reading one source once. */
export type CheckOutcome =
  | {
      readonly status: 'not_modified';
      readonly httpStatus: 304;
      /** Bytes received on the wire (body, after transfer encoding), for the bandwidth figures. */
      readonly bytes: number;
    }
  | {
      readonly status: 'ok';
      readonly httpStatus: number;
      readonly bytes: number;
      /** Newest first, as the feed lists them. */
      readonly items: readonly FeedItem[];
      readonly validators: FetchValidators;
      /** A WebSub hub the feed names (`<link rel="hub">`), and the topic URL to subscribe to (`rel="self"`). */
      readonly hub: { readonly hubUrl: string; readonly topicUrl: string } | null;
    }
  | {
      readonly status: 'error';
      readonly kind: CheckErrorKind;
      readonly message: string;
      readonly httpStatus: number | null;
      /** From Retry-After (seconds or a date), when the server gave one. */
      readonly retryAfterMs: number | null;
      readonly bytes: number;
    };

/** Reads one platform's sources. */
export interface FeedWatcher {
  readonly platform: Platform;
  /** The URL a source is fetched from; throws a validation error naming `locator` when it cannot be built. */
  feedUrl(source: Pick<Source, 'locator' | 'youtubeKind'>): URL;
  /** Fetches and reads the source once. Never throws: every failure is an `error` outcome. */
  check(
    source: Pick<Source, 'locator' | 'youtubeKind'>,
    validators: FetchValidators,
    signal: AbortSignal,
  ): Promise<CheckOutcome>;
}

/** A source's schedule and the memory of its checks, stored with it. */
export interface SourceState {
  readonly tenantId: string;
  readonly sourceId: string;
  readonly validators: FetchValidators;
  /** Epoch ms of the next planned check; null while the source is disabled. */
  readonly nextCheckAt: number | null;
  readonly lastCheckAt: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastError: { readonly kind: CheckErrorKind; readonly message: string; readonly at: number } | null;
  readonly consecutiveErrors: number;
  /** No check before this time (a host's Retry-After or backoff). */
  readonly backoffUntil: number | null;
  /** The interval in use, adapted to the observed posting rate. */
  readonly currentIntervalSeconds: number;
  /** WebSub subscription, when the feed names a hub. */
  readonly websub: WebSubState | null;
}

/** A source's WebSub subscription, kept with its state. */
export interface WebSubState {
  readonly hubUrl: string;
  readonly topicUrl: string;
  /** The HMAC key given to the hub with this subscription; pushes are signed with it. */
  readonly secret: string;
  /** Epoch ms of the last subscribe request. */
  readonly requestedAt: number;
  /** Set when the hub verified the subscription, from its `hub.lease_seconds`. */
  readonly leaseExpiresAt: number | null;
  readonly verified: boolean;
  /** Epoch ms of the last signed push accepted. */
  readonly lastPushAt: number | null;
}

/** An item seen on a source, with the run it started. Unique per tenant, source and item id. */
export interface SeenItem extends FeedItem {
  readonly tenantId: string;
  readonly sourceId: string;
  readonly firstSeenAt: number;
  /** The content run started for it; null while it waits for the tenant's run capacity. */
  readonly runId: string | null;
}

/** One check as stored in the source's history (for the error share, staleness and the posting rate). */
export interface CheckRecord {
  readonly tenantId: string;
  readonly sourceId: string;
  readonly at: number;
  readonly status: CheckOutcome['status'];
  readonly errorKind: CheckErrorKind | null;
  readonly httpStatus: number | null;
  readonly bytes: number;
  readonly newItems: number;
  readonly durationMs: number;
}
