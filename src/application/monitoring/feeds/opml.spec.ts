import { generateSourcesOpml, opmlCreators, parseSourcesOpml } from './opml';

describe('OPML', () => {
  describe(parseSourcesOpml.name, () => {
    it('files feeds under the nearest folder outline, and a top-level feed under its own name', () => {
      const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
        <outline text="H3 Podcast">
          <outline text="YouTube" type="rss" xmlUrl="https://www.youtube.com/feeds/videos.xml?channel_id=UCLtREJY21xRfCuEKvdki1Kw"/>
          <outline text="Clips"><outline title="Reddit" text="r" type="rss" xmlUrl="https://www.reddit.com/r/h3h3productions/new/.rss"/></outline>
        </outline>
        <outline text="Harbour News" type="rss" xmlUrl="https://news.example/feed.xml"/>
      </body></opml>`;
      expect(parseSourcesOpml(opml)).toEqual({
        status: 'ok',
        feeds: [
          {
            creatorName: 'H3 Podcast',
            xmlUrl: 'https://www.youtube.com/feeds/videos.xml?channel_id=UCLtREJY21xRfCuEKvdki1Kw',
            title: 'YouTube',
          },
          { creatorName: 'Clips', xmlUrl: 'https://www.reddit.com/r/h3h3productions/new/.rss', title: 'Reddit' },
          { creatorName: 'Harbour News', xmlUrl: 'https://news.example/feed.xml', title: 'Harbour News' },
        ],
      });
    });

    it('names the outline of each bad feed and imports nothing', () => {
      const opml = `<opml version="2.0"><body>
        <outline text="A"><outline text="ok" xmlUrl="https://a.example/feed"/><outline text="ftp" xmlUrl="ftp://a.example/feed"/></outline>
        <outline text="" xmlUrl="https://b.example/feed"/>
        <outline text="js" xmlUrl="javascript:alert(1)"/>
      </body></opml>`;
      expect(parseSourcesOpml(opml)).toEqual({
        status: 'invalid',
        errors: [
          'outline 1.2: xmlUrl "ftp://a.example/feed" is not an http(s) URL',
          'outline 2: no creator name (neither a parent outline nor its own text)',
          'outline 3: xmlUrl "javascript:alert(1)" is not an http(s) URL',
        ],
      });
    });

    it('refuses a document that is not OPML', () => {
      expect(parseSourcesOpml('<rss version="2.0"><channel/></rss>')).toEqual({
        status: 'invalid',
        errors: ['not an OPML document (Invalid OPML format)'],
      });
    });
  });

  describe(generateSourcesOpml.name, () => {
    it('round-trips creators and their feed URLs', () => {
      const creators = opmlCreators(
        [
          { id: 'h3', name: 'H3 Podcast' },
          { id: 'quiet', name: 'Only on Twitch' },
        ],
        [
          { creatorId: 'h3', platform: 'youtube', locator: 'UCLtREJY21xRfCuEKvdki1Kw', youtubeKind: 'all' },
          { creatorId: 'h3', platform: 'feed', locator: 'https://h3.example/feed?a=1&b=2', youtubeKind: null },
          { creatorId: 'quiet', platform: 'twitch', locator: 'quiet', youtubeKind: null },
        ],
        (source) =>
          source.platform === 'twitch'
            ? undefined
            : new URL(source.platform === 'feed' ? source.locator : `https://yt.example/${source.locator}`),
      );
      const xml = generateSourcesOpml(creators, {
        title: 'Crew subscriptions',
        dateCreated: new Date('2024-05-01T10:00:00Z'),
      });
      expect(xml).toContain('<title>Crew subscriptions</title>');
      expect(xml).toContain('<dateCreated>Wed, 01 May 2024 10:00:00 GMT</dateCreated>');
      expect(parseSourcesOpml(xml)).toEqual({
        status: 'ok',
        feeds: [
          {
            creatorName: 'H3 Podcast',
            xmlUrl: 'https://yt.example/UCLtREJY21xRfCuEKvdki1Kw',
            title: 'youtube: UCLtREJY21xRfCuEKvdki1Kw',
          },
          {
            creatorName: 'H3 Podcast',
            xmlUrl: 'https://h3.example/feed?a=1&b=2',
            title: 'feed: https://h3.example/feed?a=1&b=2',
          },
        ],
      });
    });
  });
});
