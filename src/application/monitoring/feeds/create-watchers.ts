import type { AddressPolicy } from '../../../core/http/address-guard';
import type { ResiliencePort } from '../../../core/ports/resilience.port';
import type { Clock } from '../../../core/runtime/clock';
import type { FeedWatcher } from '../monitoring.types';
import type { MonitoringFetchConfig } from './fetch.config';
import { FeedFetcher } from './feed-fetcher';
import { FeedWatchers } from './watchers';

/** What the watchers are built from; `policy` is the content layer's `allowedCidrs`, shared by every fetch. */
export interface FeedWatchersDeps {
  readonly config: MonitoringFetchConfig;
  readonly policy: AddressPolicy;
  readonly clock: Clock;
  /** Breaker per host when given. */
  readonly resilience?: ResiliencePort;
  /** Adapters for platforms without a public feed. */
  readonly extra?: readonly FeedWatcher[];
}

/** One fetcher (one connection pool, one backoff table) shared by every platform's watcher. */
export function createFeedWatchers(deps: FeedWatchersDeps): { fetcher: FeedFetcher; watchers: FeedWatchers } {
  const { config } = deps;
  const fetcher = new FeedFetcher({
    policy: deps.policy,
    clock: deps.clock,
    resilience: deps.resilience,
    maxBytes: config.maxBytes,
    timeoutMs: config.timeoutMs,
    maxRedirects: config.maxRedirects,
    userAgent: config.userAgent,
    backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
  });
  const urls = { youtubeBaseUrl: config.youtubeBaseUrl, redditBaseUrl: config.redditBaseUrl };
  return { fetcher, watchers: new FeedWatchers(fetcher, urls, deps.extra) };
}
