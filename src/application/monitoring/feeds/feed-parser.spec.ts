import { decodeFeed, parseFeedDocument } from './feed-parser';

const YOUTUBE = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv"/>
 <link rel="hub" href="https://pubsubhubbub.appspot.com/"/>
 <id>yt:channel:abcdefghijklmnopqrstuv</id>
 <title>Harbour Channel</title>
 <entry>
  <id>yt:video:dQw4w9WgXcQ</id><yt:videoId>dQw4w9WgXcQ</yt:videoId>
  <title>Tides explained</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"/>
  <published>2024-05-01T10:00:00+00:00</published><updated>2024-05-02T08:00:00+00:00</updated>
 </entry>
 <entry>
  <id>yt:video:a-B_c1d2e3f</id>
  <title>Boats</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=a-B_c1d2e3f"/>
  <updated>2024-04-30T12:30:00Z</updated>
 </entry>
</feed>`;

const RSS = `<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Harbour News</title><link>https://news.example/</link>
<atom:link rel="hub" href="https://hub.example/"/><atom:link rel="self" href="https://news.example/feed.xml"/>
<item><title>With guid</title><link>https://news.example/1</link><guid isPermaLink="false">post-1</guid>
<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Link only, bad date</title><link>/2</link><pubDate>the day before yesterday</pubDate></item>
<item><title>Dublin Core date</title><guid>https://news.example/3</guid><dc:date>2024-04-29T06:00:00Z</dc:date></item>
<item><title>Neither guid nor link</title><description>dropped</description></item>
</channel></rss>`;

describe(parseFeedDocument.name, () => {
  it('reads a YouTube Atom feed with video ids, dates and the WebSub hub', () => {
    expect(parseFeedDocument(YOUTUBE, { kind: 'video' })).toEqual({
      status: 'parsed',
      format: 'atom',
      items: [
        {
          id: 'yt:dQw4w9WgXcQ',
          url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
          title: 'Tides explained',
          publishedAt: Date.parse('2024-05-01T10:00:00Z'),
          kind: 'video',
        },
        {
          id: 'yt:a-B_c1d2e3f',
          url: 'https://www.youtube.com/watch?v=a-B_c1d2e3f',
          title: 'Boats',
          publishedAt: Date.parse('2024-04-30T12:30:00Z'),
          kind: 'video',
        },
      ],
      hub: 'https://pubsubhubbub.appspot.com/',
      topic: 'http://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv',
    });
  });

  it('reads RSS: guid else link, relative links resolved, unreadable dates null, items without either left out', () => {
    const parsed = parseFeedDocument(Buffer.from(RSS), { baseUrl: new URL('https://news.example/feed.xml') });
    expect(parsed).toEqual({
      status: 'parsed',
      format: 'rss',
      items: [
        {
          id: 'post-1',
          url: 'https://news.example/1',
          title: 'With guid',
          publishedAt: Date.parse('2024-05-01T10:00:00Z'),
          kind: 'post',
        },
        {
          id: 'https://news.example/2',
          url: 'https://news.example/2',
          title: 'Link only, bad date',
          publishedAt: null,
          kind: 'post',
        },
        {
          id: 'https://news.example/3',
          url: 'https://news.example/3',
          title: 'Dublin Core date',
          publishedAt: Date.parse('2024-04-29T06:00:00Z'),
          kind: 'post',
        },
      ],
      hub: 'https://hub.example/',
      topic: 'https://news.example/feed.xml',
    });
  });

  it('reads RDF (RSS 1.0)', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link><description>d</description></channel>
      <item rdf:about="https://r.example/a"><title>A</title><link>https://r.example/a</link><dc:date>2024-03-01T00:00:00Z</dc:date></item>
      </rdf:RDF>`;
    expect(parseFeedDocument(rdf)).toEqual({
      status: 'parsed',
      format: 'rdf',
      items: [
        {
          id: 'https://r.example/a',
          url: 'https://r.example/a',
          title: 'A',
          publishedAt: Date.parse('2024-03-01T00:00:00Z'),
          kind: 'post',
        },
      ],
      hub: null,
      topic: null,
    });
  });

  it('reads a JSON Feed with its hub', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      feed_url: 'https://j.example/feed.json',
      hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
      items: [{ id: '42', url: 'https://j.example/42', title: 'Q', date_modified: '2024-02-02T02:02:02Z' }],
    });
    expect(parseFeedDocument(json)).toEqual({
      status: 'parsed',
      format: 'json',
      items: [
        {
          id: '42',
          url: 'https://j.example/42',
          title: 'Q',
          publishedAt: Date.parse('2024-02-02T02:02:02Z'),
          kind: 'post',
        },
      ],
      hub: 'https://hub.example/',
      topic: 'https://j.example/feed.json',
    });
  });

  it('reads a numeric JSON Feed 1.0 id as text', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1',
      title: 'J',
      items: [{ id: 7, url: 'https://j.example/7' }],
    });
    expect(parseFeedDocument(json)).toMatchObject({
      items: [{ id: '7', url: 'https://j.example/7', publishedAt: null }],
    });
  });

  it('reads a feed with no entries as an empty list, not an error', () => {
    const empty = '<rss version="2.0"><channel><title>t</title><link>https://e.example/</link></channel></rss>';
    expect(parseFeedDocument(empty)).toEqual({ status: 'parsed', format: 'rss', items: [], hub: null, topic: null });
  });

  it.each([
    [
      'an HTML page',
      '<!doctype html><html><body>Too many requests</body></html>',
      'not an RSS, Atom, RDF or JSON feed (Unrecognized feed format); the body starts with "<!doctype html><html><body>Too many requ"',
    ],
    [
      'plain text',
      'rate limited',
      'not an RSS, Atom, RDF or JSON feed (Unrecognized feed format); the body starts with "rate limited"',
    ],
    [
      'truncated XML',
      '<rss version="2.0"><channel><item><title>x',
      'not an RSS, Atom, RDF or JSON feed (Invalid feed format); the body starts with "<rss version=\\"2.0\\"><channel><item><title"',
    ],
    ['an empty body', '  \n', 'the body is empty, not a feed'],
  ])('reads %s as malformed', (_name, body, message) => {
    expect(parseFeedDocument(body)).toEqual({ status: 'malformed', message });
  });
});

describe(decodeFeed.name, () => {
  it('decodes with the Content-Type charset, else the XML declaration, else UTF-8', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Café</t>', 'latin1');
    expect(decodeFeed(latin1)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><t>Café</t>');
    expect(decodeFeed(Buffer.from('<t>Café</t>', 'latin1'), 'text/xml; charset=iso-8859-1')).toBe('<t>Café</t>');
    expect(decodeFeed(Buffer.from('\uFEFF<t>Café</t>', 'utf8'))).toBe('<t>Café</t>');
  });
});
