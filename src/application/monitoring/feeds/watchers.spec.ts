import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../../core/runtime/clock';
import type { FeedWatcher, YoutubeKind } from '../monitoring.types';
import { FeedFetcher } from './feed-fetcher';
import { FeedUrlWatcher } from './feed-url.watcher';
import { RedditWatcher } from './reddit.watcher';
import { FeedWatchers } from './watchers';
import { createFeedWatchers } from './create-watchers';
import { MonitoringFetchConfig } from './fetch.config';
import { YoutubeWatcher } from './youtube.watcher';

const CHANNEL = 'UCabcdefghijklmnopqrstuv';
const NONE = { etag: null, lastModified: null };
const ATOM = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:yt="http://www.youtube.com/xml/schemas/2015">
<link rel="hub" href="https://pubsubhubbub.appspot.com/"/><title>c</title><id>c</id>
<entry><id>yt:video:dQw4w9WgXcQ</id><title>Short one</title><link rel="alternate" href="https://www.youtube.com/shorts/dQw4w9WgXcQ"/>
<published>2024-05-01T10:00:00+00:00</published><updated>2024-05-01T10:00:00+00:00</updated></entry></feed>`;
const REDDIT = `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>r</title><id>r</id>
<entry><id>t3_1abcde</id><title>A post</title><link href="https://www.reddit.com/r/typescript/comments/1abcde/a_post/"/>
<updated>2024-05-01T09:00:00+00:00</updated><published>2024-05-01T08:59:00+00:00</published></entry></feed>`;

const source = (locator: string, youtubeKind: YoutubeKind | null = null) => ({ locator, youtubeKind });

describe('feed watchers', () => {
  let server: Server;
  let base: string;
  let paths: string[];
  let fetcher: FeedFetcher;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      const path = req.url ?? '';
      if (path.startsWith('/feeds/videos.xml'))
        return void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(ATOM);
      if (path.endsWith('/.rss'))
        return void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(REDDIT);
      if (path === '/broken.xml') {
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<rss version="2.0"><channel><item><title>cut');
      }
      if (path === '/blocked-page')
        return void res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body>Are you a robot?</body></html>');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fetcher = new FeedFetcher({ policy: { allowedCidrs: ['127.0.0.1/32'] }, clock: new ManualClock(0) });
  });
  afterAll(async () => {
    await fetcher.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    paths = [];
  });

  describe(YoutubeWatcher.name, () => {
    const sut = new YoutubeWatcher(undefined as unknown as FeedFetcher);

    it.each([
      [CHANNEL, null, 'https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv'],
      [CHANNEL, 'all', 'https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv'],
      [CHANNEL, 'videos', 'https://www.youtube.com/feeds/videos.xml?playlist_id=UULFabcdefghijklmnopqrstuv'],
      [CHANNEL, 'shorts', 'https://www.youtube.com/feeds/videos.xml?playlist_id=UUSHabcdefghijklmnopqrstuv'],
      [CHANNEL, 'live', 'https://www.youtube.com/feeds/videos.xml?playlist_id=UULVabcdefghijklmnopqrstuv'],
      [
        'UUabcdefghijklmnopqrstuv',
        null,
        'https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv',
      ],
      [
        'UULFabcdefghijklmnopqrstuv',
        null,
        'https://www.youtube.com/feeds/videos.xml?playlist_id=UULFabcdefghijklmnopqrstuv',
      ],
      [
        'UUSHabcdefghijklmnopqrstuv',
        'shorts',
        'https://www.youtube.com/feeds/videos.xml?playlist_id=UUSHabcdefghijklmnopqrstuv',
      ],
      [
        'UULVabcdefghijklmnopqrstuv',
        null,
        'https://www.youtube.com/feeds/videos.xml?playlist_id=UULVabcdefghijklmnopqrstuv',
      ],
    ] as const)('feeds %s with kind %s from %s', (locator, kind, url) => {
      expect(sut.feedUrl(source(locator, kind)).href).toBe(url);
    });

    it.each([
      [
        'UCshort',
        'locator "UCshort" is not a valid youtube locator: expected a channel id UC… or a playlist id UU…, UULF…, UUSH… or UULV…',
      ],
      [
        'https://www.youtube.com/@harbour',
        'locator "https://www.youtube.com/@harbour" is not a valid youtube locator: expected a channel id UC… or a playlist id UU…, UULF…, UUSH… or UULV…',
      ],
      [
        'PLabcdefghijklmnopqrstuv',
        'locator "PLabcdefghijklmnopqrstuv" is not a valid youtube locator: expected a channel id UC… or a playlist id UU…, UULF…, UUSH… or UULV…',
      ],
    ])('refuses the locator %s', (locator, message) => {
      expect(() => sut.feedUrl(source(locator))).toThrow(new Error(message));
    });

    it('refuses a playlist locator whose kind contradicts youtubeKind', () => {
      expect(() => sut.feedUrl(source('UULFabcdefghijklmnopqrstuv', 'shorts'))).toThrow(
        new Error('locator "UULFabcdefghijklmnopqrstuv" is the channel\'s videos playlist, but youtubeKind is shorts'),
      );
    });

    it('checks the Shorts feed on the configured base URL and marks its items as shorts', async () => {
      const watcher = new YoutubeWatcher(fetcher, `${base}/`);
      const outcome = await watcher.check(source(CHANNEL, 'shorts'), NONE, signal);
      expect(paths).toEqual(['/feeds/videos.xml?playlist_id=UUSHabcdefghijklmnopqrstuv']);
      expect(outcome).toEqual({
        status: 'ok',
        httpStatus: 200,
        bytes: Buffer.byteLength(ATOM),
        items: [
          {
            id: 'yt:dQw4w9WgXcQ',
            url: 'https://www.youtube.com/shorts/dQw4w9WgXcQ',
            title: 'Short one',
            publishedAt: Date.parse('2024-05-01T10:00:00Z'),
            kind: 'short',
          },
        ],
        validators: NONE,
        hub: {
          hubUrl: 'https://pubsubhubbub.appspot.com/',
          topicUrl: `${base}/feeds/videos.xml?playlist_id=UUSHabcdefghijklmnopqrstuv`,
        },
      });
    });
  });

  describe(RedditWatcher.name, () => {
    const sut = new RedditWatcher(undefined as unknown as FeedFetcher);

    it('feeds a subreddit from /r/<name>/new/.rss and a user from /user/<name>/submitted/.rss', () => {
      expect(sut.feedUrl(source('r/typescript')).href).toBe('https://www.reddit.com/r/typescript/new/.rss');
      expect(sut.feedUrl(source('u/spez')).href).toBe('https://www.reddit.com/user/spez/submitted/.rss');
    });

    it.each(['typescript', 'r/ab', 'r/_under', 'r/a/b', 'u/x', 'r/name?x=1', '/r/typescript'])(
      'refuses the locator %s',
      (locator) => {
        expect(() => sut.feedUrl(source(locator))).toThrow(
          new Error(`locator "${locator}" is not a valid reddit locator: expected r/<subreddit> or u/<user>`),
        );
      },
    );

    it('checks a subreddit on the configured base URL', async () => {
      const outcome = await new RedditWatcher(fetcher, base).check(source('r/typescript'), NONE, signal);
      expect(paths).toEqual(['/r/typescript/new/.rss']);
      expect(outcome).toMatchObject({
        status: 'ok',
        items: [
          {
            id: 't3_1abcde',
            url: 'https://www.reddit.com/r/typescript/comments/1abcde/a_post/',
            title: 'A post',
            publishedAt: Date.parse('2024-05-01T08:59:00Z'),
            kind: 'post',
          },
        ],
        hub: null,
      });
    });
  });

  describe(FeedUrlWatcher.name, () => {
    it('takes an http(s) URL without its fragment', () => {
      expect(new FeedUrlWatcher(fetcher).feedUrl(source('https://news.example/feed.xml#top')).href).toBe(
        'https://news.example/feed.xml',
      );
    });

    it.each(['ftp://news.example/feed', 'news.example/feed', 'https://user:pw@news.example/feed'])(
      'refuses the locator %s',
      (locator) => {
        expect(() => new FeedUrlWatcher(fetcher).feedUrl(source(locator))).toThrow(
          new Error(
            `locator "${locator}" is not a valid feed locator: expected an http(s) URL of at most 2048 characters, without credentials`,
          ),
        );
      },
    );

    it('reads malformed XML as malformed', async () => {
      const outcome = await new FeedUrlWatcher(fetcher).check(source(`${base}/broken.xml`), NONE, signal);
      expect(outcome).toEqual({
        status: 'error',
        kind: 'malformed',
        message: `GET ${base}/broken.xml: not an RSS, Atom, RDF or JSON feed (Invalid feed format); the body starts with "<rss version=\\"2.0\\"><channel><item><title"`,
        httpStatus: 200,
        retryAfterMs: null,
        bytes: 44,
      });
    });

    it('reads a page that is not a feed as malformed, never as an empty feed', async () => {
      const outcome = await new FeedUrlWatcher(fetcher).check(source(`${base}/blocked-page`), NONE, signal);
      expect(outcome).toEqual({
        status: 'error',
        kind: 'malformed',
        message: `GET ${base}/blocked-page: not an RSS, Atom, RDF or JSON feed (Unrecognized feed format); the body starts with "<html><body>Are you a robot?</body></htm"`,
        httpStatus: 200,
        retryAfterMs: null,
        bytes: 42,
      });
    });
  });

  describe(FeedWatchers.name, () => {
    it('installs feed, youtube and reddit, and no watcher for platforms without a public feed', () => {
      const sut = new FeedWatchers(fetcher);
      expect(sut.platforms()).toEqual(['feed', 'youtube', 'reddit']);
      for (const platform of ['twitch', 'tiktok', 'instagram', 'twitter', 'discord'] as const) {
        expect(sut.watcherFor(platform)).toBeUndefined();
      }
    });

    it('answers a check on a platform without a watcher with unsupported', async () => {
      const outcome = await new FeedWatchers(fetcher).check(
        { platform: 'twitch', locator: 'harbour', youtubeKind: null },
        NONE,
        signal,
      );
      expect(outcome).toEqual({
        status: 'error',
        kind: 'unsupported',
        message: 'no watcher is installed for twitch: it has no public feed',
        httpStatus: null,
        retryAfterMs: null,
        bytes: 0,
      });
    });

    it('answers a check with an unreadable locator with unsupported instead of throwing', async () => {
      const outcome = await new FeedWatchers(fetcher).check(
        { platform: 'reddit', locator: 'typescript', youtubeKind: null },
        NONE,
        signal,
      );
      expect(outcome).toMatchObject({
        kind: 'unsupported',
        message: 'locator "typescript" is not a valid reddit locator: expected r/<subreddit> or u/<user>',
      });
      expect(paths).toEqual([]);
    });

    it('is built from the fetch config, with the platform base URLs it names', async () => {
      const config = Object.assign(new MonitoringFetchConfig(), { youtubeBaseUrl: base, redditBaseUrl: base });
      const built = createFeedWatchers({
        config,
        policy: { allowedCidrs: ['127.0.0.1/32'] },
        clock: new ManualClock(0),
      });
      expect(built.watchers.watcherFor('reddit')?.feedUrl(source('u/spez')).href).toBe(
        `${base}/user/spez/submitted/.rss`,
      );
      expect(
        await built.watchers.check({ platform: 'youtube', locator: CHANNEL, youtubeKind: 'live' }, NONE, signal),
      ).toMatchObject({
        status: 'ok',
        items: [{ id: 'yt:dQw4w9WgXcQ', kind: 'live' }],
      });
      expect(paths).toEqual(['/feeds/videos.xml?playlist_id=UULVabcdefghijklmnopqrstuv']);
      await built.fetcher.close();
    });

    it('lets an adapter for another platform be installed through the port', async () => {
      const twitch: FeedWatcher = {
        platform: 'twitch',
        feedUrl: () => new URL('https://twitch.example/harbour'),
        check: () => Promise.resolve({ status: 'not_modified', httpStatus: 304, bytes: 0 }),
      };
      const sut = new FeedWatchers(fetcher, {}, [twitch]);
      expect(sut.watcherFor('twitch')).toBe(twitch);
      expect(await sut.check({ platform: 'twitch', locator: 'harbour', youtubeKind: null }, NONE, signal)).toEqual({
        status: 'not_modified',
        httpStatus: 304,
        bytes: 0,
      });
    });
  });
});
