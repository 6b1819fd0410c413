import type { Creator, Source } from '../monitoring.types';
import { readOpml, slugify, sourceOfFeedUrl, writeOpml } from './opml-catalog';

const CHANNEL = 'UC' + 'x'.repeat(22);

describe('opml catalog', () => {
  describe(slugify.name, () => {
    it('makes a creator id of a free text', () => {
      expect(['H3 Podcast', 'Café Noir!', '  --Tech-News__ ', '***'].map(slugify)).toEqual([
        'h3_podcast',
        'cafe_noir',
        'tech-news',
        'creator',
      ]);
    });
  });

  describe(sourceOfFeedUrl.name, () => {
    it('reads a YouTube channel feed as a youtube source, anything else as a feed', () => {
      expect(sourceOfFeedUrl(`https://www.youtube.com/feeds/videos.xml?channel_id=${CHANNEL}`)).toEqual({
        platform: 'youtube',
        locator: CHANNEL,
      });
      expect(sourceOfFeedUrl('https://www.youtube.com/feeds/videos.xml?channel_id=nope')).toEqual({
        platform: 'feed',
        locator: 'https://www.youtube.com/feeds/videos.xml?channel_id=nope',
      });
      expect(sourceOfFeedUrl('https://blog.example/rss')).toEqual({
        platform: 'feed',
        locator: 'https://blog.example/rss',
      });
    });
  });

  describe(readOpml.name, () => {
    it('lists each outline with a feed under its parent outline’s creator; a top-level feed is its own', () => {
      const xml = `<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>
        <outline text="Tech News"><outline text="Blog" xmlUrl="https://blog.example/rss"/>
          <outline text="Channel" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${CHANNEL}"/></outline>
        <outline text="Solo Feed" xmlUrl="https://solo.example/atom"/>
        <outline text="Empty folder"/></body></opml>`;
      expect(readOpml(xml)).toEqual([
        {
          outline: 'Blog',
          creatorId: 'tech_news',
          creatorName: 'Tech News',
          platform: 'feed',
          locator: 'https://blog.example/rss',
        },
        { outline: 'Channel', creatorId: 'tech_news', creatorName: 'Tech News', platform: 'youtube', locator: CHANNEL },
        {
          outline: 'Solo Feed',
          creatorId: 'solo_feed',
          creatorName: 'Solo Feed',
          platform: 'feed',
          locator: 'https://solo.example/atom',
        },
      ]);
    });

    it('throws for a document that is not OPML', () => {
      expect(() => readOpml('<rss/>')).toThrow('Invalid OPML format');
    });
  });

  describe(writeOpml.name, () => {
    it('writes an empty catalog as a document with an empty body, which reads back as no sources', () => {
      const xml = writeOpml('Catalog of a & b', [], []);
      expect(xml).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0">\n  <head>\n    <title>Catalog of a &amp; b</title>\n  </head>\n  <body/>\n</opml>\n',
      );
      expect(readOpml(xml)).toEqual([]);
    });

    it('writes every source under its creator, and reads back the same sources', () => {
      const base = { tenantId: 'acme', workspaceId: 'news', createdAt: 0, updatedAt: 0 };
      const creators: Creator[] = [{ ...base, id: 'h3_podcast', name: 'H3 Podcast', tier: 1 }];
      const source = (id: string, platform: Source['platform'], locator: string): Source => ({
        ...base,
        id,
        creatorId: 'h3_podcast',
        platform,
        locator,
        youtubeKind: null,
        enabled: false,
        priority: 3,
        intervalSeconds: 300,
        minIntervalSeconds: 60,
        maxIntervalSeconds: 86_400,
        jitterSeconds: 30,
        quietHours: null,
        runMode: 'fallback',
        runDepth: 'standard',
      });
      const sources = [
        source('1', 'youtube', CHANNEL),
        source('2', 'tiktok', 'h3'),
        source('3', 'reddit', 'r/h3h3productions'),
      ];
      const xml = writeOpml('Monitoring catalog of acme', creators, sources);
      expect(xml).toContain(`xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=${CHANNEL}"`);
      expect(xml).toContain('xmlUrl="https://www.reddit.com/r/h3h3productions/.rss"');
      expect(readOpml(xml).map((e) => [e.creatorId, e.creatorName, e.platform, e.locator])).toEqual([
        ['h3_podcast', 'H3 Podcast', 'youtube', CHANNEL],
        ['h3_podcast', 'H3 Podcast', 'tiktok', 'h3'],
        ['h3_podcast', 'H3 Podcast', 'reddit', 'r/h3h3productions'],
      ]);
    });
  });
});
