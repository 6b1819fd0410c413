import type { Platform } from '../content.types';

const HOSTS: readonly [Platform, readonly string[]][] = [
  ['youtube', ['youtube.com', 'youtu.be', 'youtube-nocookie.com']],
  ['twitch', ['twitch.tv']],
  ['tiktok', ['tiktok.com']],
  ['x', ['x.com', 'twitter.com']],
  ['reddit', ['reddit.com', 'redd.it']],
];

/** The platform of a URL from its host (the host or any parent domain); `file` for file: URLs, else `web`. */
export function detectPlatform(url: URL): Platform {
  if (url.protocol === 'file:') return 'file';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  for (const [platform, domains] of HOSTS)
    if (domains.some((d) => host === d || host.endsWith(`.${d}`))) return platform;
  return 'web';
}
