import { checkHost, type AddressPolicy } from '../../../core/http/address-guard';
import { CONTENT_RUN_DEPTHS, CONTENT_RUN_MODES } from '../../../core/ports/content-runs.port';
import { FEED_PLATFORMS, PLATFORMS, YOUTUBE_KINDS, type Platform, type QuietHours } from '../monitoring.types';

/**
 * The catalog's input rules as plain functions. Each returns the problem as a message that starts with the field
 * it is about (`locator …`, `quietHours.start …`), or undefined when the value is fine.
 */

/** A creator id: a lowercase slug. */
export const CREATOR_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** A YouTube channel id. */
export const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
/** A YouTube playlist id: uploads (`UU…`), long videos (`UULF…`), Shorts (`UUSH…`), live (`UULV…`) or any `PL…`. */
export const YOUTUBE_PLAYLIST_ID = /^(UU|PL)[A-Za-z0-9_-]{10,64}$/;
/** A handle on a platform (`@name` or `name`). */
const HANDLE = /^@?[A-Za-z0-9._-]{1,64}$/;
const REDDIT = /^(r|u)\/[A-Za-z0-9_-]{2,32}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function platformProblem(platform: string): string | undefined {
  return (PLATFORMS as readonly string[]).includes(platform)
    ? undefined
    : `platform must be one of: ${PLATFORMS.join(', ')}`;
}

export function creatorIdProblem(id: string, field = 'id'): string | undefined {
  return CREATOR_ID.test(id)
    ? undefined
    : `${field} must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit`;
}

export function tierProblem(tier: number | null): string | undefined {
  return tier === null || (Number.isInteger(tier) && tier >= 1 && tier <= 5)
    ? undefined
    : 'tier must be an integer from 1 to 5, or null';
}

/** Whether a YouTube locator names a channel or playlist a feed can be read from (a handle cannot). */
export const isYoutubeFeedId = (locator: string) =>
  YOUTUBE_CHANNEL_ID.test(locator) || YOUTUBE_PLAYLIST_ID.test(locator);

/** What a feed URL's host is refused for: an IP literal (or `localhost`) outside the policy's allowed ranges. */
function hostProblem(url: URL, policy: AddressPolicy): string | undefined {
  const host = url.hostname.toLowerCase();
  const literal = host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : host;
  const refused = checkHost(literal, policy);
  if (!refused) return undefined;
  return `locator host ${host} is in the ${refused.reason} range, refused by the address policy (content.allowedCidrs)`;
}

/** Whether `locator` is a valid locator on `platform`. */
export function locatorProblem(platform: Platform, locator: string, policy: AddressPolicy): string | undefined {
  if (locator.length === 0 || locator.length > 2048 || locator.trim() !== locator)
    return 'locator must be 1-2048 characters without surrounding spaces';
  switch (platform) {
    case 'feed': {
      let url: URL;
      try {
        url = new URL(locator);
      } catch {
        return 'locator must be an http(s) URL for a feed source';
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return 'locator must be an http(s) URL for a feed source';
      if (url.username || url.password) return 'locator must not carry credentials';
      return hostProblem(url, policy);
    }
    case 'youtube':
      return isYoutubeFeedId(locator) || HANDLE.test(locator)
        ? undefined
        : 'locator must be a YouTube channel id (UC…), a playlist id (UU…, UULF…, UUSH…, PL…) or a handle';
    case 'reddit':
      return REDDIT.test(locator) ? undefined : 'locator must be a subreddit (r/name) or a user (u/name)';
    case 'twitch':
    case 'tiktok':
    case 'instagram':
    case 'twitter':
    case 'discord':
      return HANDLE.test(locator)
        ? undefined
        : `locator must be a handle on ${platform} (letters, digits, ".", "_", "-")`;
  }
}

export function youtubeKindProblem(platform: Platform, kind: string | null | undefined): string | undefined {
  if (kind === null || kind === undefined) return undefined;
  if (platform !== 'youtube') return 'youtubeKind applies to youtube sources only';
  return (YOUTUBE_KINDS as readonly string[]).includes(kind)
    ? undefined
    : `youtubeKind must be one of: ${YOUTUBE_KINDS.join(', ')}`;
}

/** Whether the source may be enabled: its platform must have a watcher, and a YouTube source a channel id. */
export function enabledProblem(platform: Platform, locator: string, enabled: boolean): string | undefined {
  if (!enabled) return undefined;
  if (!FEED_PLATFORMS.includes(platform))
    return `enabled: there is no watcher for ${platform} (it has no public feed); the source can be stored but not enabled`;
  if (platform === 'youtube' && !isYoutubeFeedId(locator))
    return 'enabled: a youtube source is read through its channel id (UC…) or a playlist id; set locator to one first';
  return undefined;
}

export function intervalProblem(seconds: number, min: number, max: number): string | undefined {
  return Number.isInteger(seconds) && seconds >= min && seconds <= max
    ? undefined
    : `intervalSeconds must be an integer from ${min} to ${max}`;
}

export function priorityProblem(priority: number): string | undefined {
  return Number.isInteger(priority) && priority >= 1 && priority <= 5
    ? undefined
    : 'priority must be an integer from 1 (highest) to 5';
}

export function jitterProblem(jitter: number, intervalSeconds: number): string | undefined {
  return Number.isInteger(jitter) && jitter >= 0 && jitter <= intervalSeconds
    ? undefined
    : `jitterSeconds must be an integer from 0 to the interval (${intervalSeconds})`;
}

export function runProblem(mode: string, depth: string): string | undefined {
  if (!(CONTENT_RUN_MODES as readonly string[]).includes(mode))
    return `runMode must be one of: ${CONTENT_RUN_MODES.join(', ')}`;
  if (!(CONTENT_RUN_DEPTHS as readonly string[]).includes(depth))
    return `runDepth must be one of: ${CONTENT_RUN_DEPTHS.join(', ')}`;
  return undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Quiet hours: `HH:MM` start and end that differ, and an IANA time zone. */
export function quietHoursProblem(q: QuietHours | null): string | undefined {
  if (q === null) return undefined;
  if (typeof q.start !== 'string' || !HH_MM.test(q.start)) return 'quietHours.start must be a time HH:MM (00:00-23:59)';
  if (typeof q.end !== 'string' || !HH_MM.test(q.end)) return 'quietHours.end must be a time HH:MM (00:00-23:59)';
  if (q.start === q.end) return 'quietHours.end must differ from quietHours.start';
  if (typeof q.timeZone !== 'string' || !isTimeZone(q.timeZone))
    return `quietHours.timeZone must be an IANA time zone such as Europe/Paris, not ${JSON.stringify(q.timeZone)}`;
  return undefined;
}
