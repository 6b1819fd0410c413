import { DEFAULT_ADDRESS_POLICY } from '../../../core/http/address-guard';
import type { Source } from '../monitoring.types';
import {
  creatorIdProblem,
  enabledProblem,
  intervalProblem,
  locatorProblem,
  platformProblem,
  priorityProblem,
  quietHoursProblem,
  tierProblem,
  youtubeKindProblem,
} from './catalog-rules';
import { sourceProblem } from './source-check';

const CHANNEL = 'UC' + 'a'.repeat(22);
const LOOPBACK = { allowedCidrs: ['127.0.0.0/8'] };

describe('catalog rules', () => {
  describe(platformProblem.name, () => {
    it('refuses an unknown platform naming the field and the platforms', () => {
      expect(platformProblem('myspace')).toBe(
        'platform must be one of: youtube, reddit, feed, twitch, tiktok, instagram, twitter, discord',
      );
      expect(platformProblem('reddit')).toBeUndefined();
    });
  });

  describe(locatorProblem.name, () => {
    it('takes http(s) feed URLs with a public host only', () => {
      expect(locatorProblem('feed', 'https://example.org/feed.xml', DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(locatorProblem('feed', 'ftp://example.org/feed.xml', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must be an http(s) URL for a feed source',
      );
      expect(locatorProblem('feed', 'not a url', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must be an http(s) URL for a feed source',
      );
      expect(locatorProblem('feed', 'http://user:pw@example.org/', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must not carry credentials',
      );
      expect(locatorProblem('feed', 'http://10.0.0.1/feed', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator host 10.0.0.1 is in the private range, refused by the address policy (content.allowedCidrs)',
      );
      expect(locatorProblem('feed', 'http://[::1]:8080/feed', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator host [::1] is in the loopback range, refused by the address policy (content.allowedCidrs)',
      );
      expect(locatorProblem('feed', 'http://localhost:8080/feed', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator host localhost is in the loopback range, refused by the address policy (content.allowedCidrs)',
      );
    });

    it('lets a loopback feed through when the content CIDRs allow it', () => {
      expect(locatorProblem('feed', 'http://127.0.0.1:9000/feed', LOOPBACK)).toBeUndefined();
      expect(locatorProblem('feed', 'http://localhost:9000/feed', LOOPBACK)).toBeUndefined();
    });

    it('takes channel ids, playlist ids and handles on youtube, r/ and u/ on reddit, handles elsewhere', () => {
      expect(locatorProblem('youtube', CHANNEL, DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(locatorProblem('youtube', 'UULF' + 'b'.repeat(22), DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(locatorProblem('youtube', '@h3podcast', DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(locatorProblem('youtube', 'https://youtube.com/x', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must be a YouTube channel id (UC…), a playlist id (UU…, UULF…, UUSH…, PL…) or a handle',
      );
      expect(locatorProblem('reddit', 'r/typescript', DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(locatorProblem('reddit', 'typescript', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must be a subreddit (r/name) or a user (u/name)',
      );
      expect(locatorProblem('twitch', 'hasanabi', DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(locatorProblem('twitch', 'has an abi', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must be a handle on twitch (letters, digits, ".", "_", "-")',
      );
      expect(locatorProblem('feed', ' https://example.org/', DEFAULT_ADDRESS_POLICY)).toBe(
        'locator must be 1-2048 characters without surrounding spaces',
      );
    });
  });

  describe(enabledProblem.name, () => {
    it('refuses to enable a platform without a public feed, or a youtube handle', () => {
      expect(enabledProblem('tiktok', 'h3', true)).toBe(
        'enabled: there is no watcher for tiktok (it has no public feed); the source can be stored but not enabled',
      );
      expect(enabledProblem('tiktok', 'h3', false)).toBeUndefined();
      expect(enabledProblem('youtube', 'h3_podcast', true)).toBe(
        'enabled: a youtube source is read through its channel id (UC…) or a playlist id; set locator to one first',
      );
      expect(enabledProblem('youtube', CHANNEL, true)).toBeUndefined();
      expect(enabledProblem('reddit', 'r/news', true)).toBeUndefined();
    });
  });

  describe(quietHoursProblem.name, () => {
    it('needs HH:MM times that differ and an IANA zone', () => {
      expect(quietHoursProblem({ start: '23:00', end: '07:00', timeZone: 'Europe/Paris' })).toBeUndefined();
      expect(quietHoursProblem({ start: '24:00', end: '07:00', timeZone: 'UTC' })).toBe(
        'quietHours.start must be a time HH:MM (00:00-23:59)',
      );
      expect(quietHoursProblem({ start: '23:00', end: '7:00', timeZone: 'UTC' })).toBe(
        'quietHours.end must be a time HH:MM (00:00-23:59)',
      );
      expect(quietHoursProblem({ start: '23:00', end: '23:00', timeZone: 'UTC' })).toBe(
        'quietHours.end must differ from quietHours.start',
      );
      expect(quietHoursProblem({ start: '23:00', end: '07:00', timeZone: 'Mars/Olympus' })).toBe(
        'quietHours.timeZone must be an IANA time zone such as Europe/Paris, not "Mars/Olympus"',
      );
      expect(quietHoursProblem(null)).toBeUndefined();
    });
  });

  describe('numbers and ids', () => {
    it('bounds the interval, priority and tier, and shapes creator ids', () => {
      expect(intervalProblem(59, 60, 86_400)).toBe('intervalSeconds must be an integer from 60 to 86400');
      expect(intervalProblem(86_401, 60, 86_400)).toBe('intervalSeconds must be an integer from 60 to 86400');
      expect(intervalProblem(60.5, 60, 86_400)).toBe('intervalSeconds must be an integer from 60 to 86400');
      expect(intervalProblem(60, 60, 86_400)).toBeUndefined();
      expect(priorityProblem(0)).toBe('priority must be an integer from 1 (highest) to 5');
      expect(priorityProblem(6)).toBe('priority must be an integer from 1 (highest) to 5');
      expect(priorityProblem(5)).toBeUndefined();
      expect(tierProblem(0)).toBe('tier must be an integer from 1 to 5, or null');
      expect(tierProblem(null)).toBeUndefined();
      expect(creatorIdProblem('H3 Podcast')).toBe(
        'id must be 1-64 lowercase letters, digits, "_" or "-", starting with a letter or digit',
      );
      expect(creatorIdProblem('h3_podcast')).toBeUndefined();
      expect(youtubeKindProblem('feed', 'shorts')).toBe('youtubeKind applies to youtube sources only');
      expect(youtubeKindProblem('youtube', 'reels')).toBe('youtubeKind must be one of: all, videos, shorts, live');
    });
  });

  describe(sourceProblem.name, () => {
    const source: Source = {
      tenantId: 'acme',
      workspaceId: 'news',
      id: 's-1',
      creatorId: 'h3_podcast',
      platform: 'feed',
      locator: 'https://example.org/feed.xml',
      youtubeKind: null,
      enabled: true,
      priority: 3,
      intervalSeconds: 300,
      minIntervalSeconds: 60,
      maxIntervalSeconds: 86_400,
      jitterSeconds: 30,
      quietHours: null,
      runMode: 'fallback',
      runDepth: 'standard',
      createdAt: 0,
      updatedAt: 0,
    };
    const bounds = { minIntervalSeconds: 60, maxIntervalSeconds: 86_400 };

    it('names the first field in error, in the order platform, locator, …, enabled', () => {
      expect(sourceProblem(source, bounds, DEFAULT_ADDRESS_POLICY)).toBeUndefined();
      expect(sourceProblem({ ...source, jitterSeconds: 301 }, bounds, DEFAULT_ADDRESS_POLICY)).toBe(
        'jitterSeconds must be an integer from 0 to the interval (300)',
      );
      expect(sourceProblem({ ...source, runMode: 'turbo' as Source['runMode'] }, bounds, DEFAULT_ADDRESS_POLICY)).toBe(
        'runMode must be one of: fallback, autonomous, enhanced',
      );
      expect(
        sourceProblem(
          { ...source, platform: 'instagram', locator: 'not a handle', intervalSeconds: 1 },
          bounds,
          DEFAULT_ADDRESS_POLICY,
        ),
      ).toBe('locator must be a handle on instagram (letters, digits, ".", "_", "-")');
    });
  });
});
