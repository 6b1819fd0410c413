import { extractHtml } from './html-extract';

const URL_ = 'https://news.example/story';

const ARTICLE = `<!doctype html><html lang="en-GB"><head>
<title>Ferry timetable changes | Harbour News</title>
<meta property="og:title" content="Ferry timetable changes">
<meta property="og:site_name" content="Harbour News">
<meta name="author" content="Ana Ruiz">
<meta property="article:published_time" content="2024-03-05T08:30:00+01:00">
<script>var tracking = "Do not include scripts";</script><style>p { color: red }</style>
</head><body>
<header class="site-header"><nav><a href="/">Home page</a> <a href="/sport">Sport results</a></nav></header>
<div id="cookie-banner"><p>We use cookies to improve your experience on this website, as explained in our policy.</p></div>
<main><article>
<h1>Ferry timetable changes</h1>
<p>The island ferry will run   every forty minutes from May,
the operator said on Tuesday, after a year of complaints about crowded boats.</p>
<p>Evening sailings move later by half an hour.<br>Weekend fares are unchanged.</p>
<div class="advert"><p>Advertisement: book a cruise holiday with our travel partner today and save.</p></div>
<p><a href="/a">Read our earlier report on the ferry</a></p>
<ul><li>First sailing: 06:10</li><li>Last sailing: 22:50</li></ul>
<p hidden>Hidden draft paragraph that readers never see on the page.</p>
</article>
<section class="comments"><p>First! Great news for everyone who commutes to the mainland every day.</p></section></main>
<aside class="sidebar"><p>Most read this week: council tax rises, lifeboat rescue, harbour works.</p></aside>
<footer><p>© 2024 Harbour News. All rights reserved.</p></footer>
</body></html>`;

describe(extractHtml.name, () => {
  describe('text', () => {
    it('returns the article paragraphs and leaves out navigation, banners, adverts, comments, sidebar and footer', () => {
      expect(extractHtml(ARTICLE, URL_).text).toBe(
        [
          'Ferry timetable changes',
          'The island ferry will run every forty minutes from May, the operator said on Tuesday, after a year of complaints about crowded boats.',
          'Evening sailings move later by half an hour.',
          'Weekend fares are unchanged.',
          'First sailing: 06:10',
          'Last sailing: 22:50',
        ].join('\n\n'),
      );
    });

    it('finds the content by paragraph scoring when there is no article or main element', () => {
      const html = `<html><body><div class="menu"><a href="/">Recipes</a> <a href="/about">About me</a></div>
        <div id="wrapper"><div class="entry">
        <p>Mix fifty grams of rye flour with fifty grams of warm water, cover the jar loosely, and leave it overnight.</p>
        <p>Each day, discard half, then feed it with the same amounts of flour and water, until it doubles in a few hours.</p>
        </div><div id="sidebar"><p>I have been baking in a small kitchen for twenty years, and I share my recipes, my failures and my seasonal finds here.</p></div></div>
        </body></html>`;
      expect(extractHtml(html, URL_).text).toBe(
        'Mix fifty grams of rye flour with fifty grams of warm water, cover the jar loosely, and leave it overnight.\n\n' +
          'Each day, discard half, then feed it with the same amounts of flour and water, until it doubles in a few hours.',
      );
    });

    it('keeps the little text of a short page and drops its navigation and footer', () => {
      const html = `<html><body><nav><a href="/">Home</a></nav><main><h1>Opening hours</h1><p>Open Monday to Friday, 9 to 6.</p></main>
        <footer>Millbrook Library</footer></body></html>`;
      expect(extractHtml(html, URL_).text).toBe('Opening hours\n\nOpen Monday to Friday, 9 to 6.');
    });

    it('keeps a wrapper whose class looks like boilerplate when it holds the article', () => {
      const html = `<html><body><div class="page with-sidebar"><h1>Title</h1><p>Only paragraph of the page, long enough to count.</p></div></body></html>`;
      expect(extractHtml(html, URL_).text).toBe('Title\n\nOnly paragraph of the page, long enough to count.');
    });

    it('leaves out code listings (a <pre> with <code> or a class) but keeps a bare <pre>', () => {
      const html = `<html><body><main><h1>Docs</h1><p>Write a doc comment above the item.</p>
        <pre><code class="language-rust">/// Adds one.\nfn add_one(x: i32) -> i32 { x + 1 }</code></pre>
        <pre class="rust">let y = 2;</pre><pre>Roses are red.</pre></main></body></html>`;
      expect(extractHtml(html, URL_).text).toBe('Docs\n\nWrite a doc comment above the item.\n\nRoses are red.');
    });

    it('returns an empty text for an empty document', () => {
      expect(extractHtml('', URL_).text).toBe('');
    });

    it('keeps text nested 900 levels deep', () => {
      const html = `<html><body>${'<div>'.repeat(900)}<p>Deep</p>${'</div>'.repeat(900)}</body></html>`;
      expect(extractHtml(html, URL_).text).toBe('Deep');
    });

    it('cuts a page where it nests deeper than 1000 levels, keeping what came before', () => {
      const html = `<html><body><p>Before.</p>${'<div>'.repeat(200_000)}<p>Deep</p>${'</div>'.repeat(200_000)}</body></html>`;
      expect(extractHtml(html, URL_).text).toBe('Before.');
    });
  });

  describe('metadata', () => {
    it('reads Open Graph and meta tags, converting the date to UTC', () => {
      const { text: _text, ...meta } = extractHtml(ARTICLE, URL_);
      expect(meta).toEqual({
        title: 'Ferry timetable changes',
        site: 'Harbour News',
        author: 'Ana Ruiz',
        publishedAt: '2024-03-05T07:30:00.000Z',
        language: 'en-GB',
      });
    });

    it('reads JSON-LD, including @graph members, several authors and a date without a time', () => {
      const html = `<html lang="fr"><head><title>Levain — Carnets</title><script type="application/ld+json">
        {"@graph":[{"@type":"WebSite","name":"Les carnets"},{"@type":["BlogPosting"],"headline":"Faire son levain",
        "datePublished":"2023-11-18","author":[{"@type":"Person","name":"Margaux"},{"name":"Jean"}]}]}</script>
        <script type="application/ld+json">{ not json</script></head><body><p>Texte.</p></body></html>`;
      const { text: _text, ...meta } = extractHtml(html, URL_);
      expect(meta).toEqual({
        title: 'Faire son levain',
        site: 'Les carnets',
        author: 'Margaux, Jean',
        publishedAt: '2023-11-18T00:00:00.000Z',
        language: 'fr',
      });
    });

    it('falls back to <title>, a rel=author link and <time datetime>, ignoring an article:author URL', () => {
      const html = `<html><head><title> The long   report </title>
        <meta property="article:author" content="https://news.example/people/sam"></head>
        <body><p>By <a rel="author" href="/sam">Sam Hale</a> <time datetime="2022-07-01T10:00">1 July</time></p></body></html>`;
      const { text: _text, ...meta } = extractHtml(html, URL_);
      expect(meta).toEqual({
        title: 'The long report',
        site: null,
        author: 'Sam Hale',
        publishedAt: '2022-07-01T10:00:00.000Z',
        language: null,
      });
    });

    it('uses the first heading when there is no title, and ignores dates that are not ISO 8601', () => {
      const html = `<html><head><meta property="article:published_time" content="5 March 2024"></head>
        <body><h1>Heading only</h1></body></html>`;
      const page = extractHtml(html, URL_);
      expect([page.title, page.publishedAt]).toEqual(['Heading only', null]);
    });

    it('returns nulls when the page states nothing', () => {
      const { text: _text, ...meta } = extractHtml('<p>plain</p>', URL_);
      expect(meta).toEqual({ title: null, site: null, author: null, publishedAt: null, language: null });
    });
  });
});
