import { extractHtml } from './acquisition/html-extract';
import { summarize } from './analysis/summary';

/** Navigation, a cookie banner, a long footer and a sidebar around a short article: most of the page is chrome. */
function page(): string {
  const links = Array.from({ length: 60 }, (_, i) => `<a href="/s/${i}">Section ${i} news and stories</a>`).join(' ');
  const footer = Array.from({ length: 30 }, (_, i) => `<p>Footer link ${i}: terms, privacy and contact details.</p>`);
  return `<!doctype html><html><head><title>Library reopens</title></head><body>
<nav>${links}</nav>
<div class="cookie-consent"><p>We use cookies to personalise content and ads, and to analyse our traffic.</p>
<p>By continuing to browse you accept our use of cookies as described in the cookie policy.</p></div>
<article>
<p>The town library reopened on Monday after a two-year renovation that cost 4 million pounds.</p>
<p>The building now has a children's wing, a makerspace and longer opening hours on weekends.</p>
<p>Librarians said visitor numbers on the first day were twice the usual figure.</p>
<p>The council funded most of the work, with a grant from a heritage fund paying for the roof.</p>
</article>
<aside class="sidebar"><p>Most read: roadworks, school results, weather warnings and the cricket scores.</p></aside>
<footer>${footer.join('')}</footer>
</body></html>`;
}

describe('a page that is mostly boilerplate', () => {
  it('still yields a summary of its content, none of it navigation, banner, sidebar or footer', () => {
    const { text } = extractHtml(page(), 'https://news.example/library');
    const { summary } = summarize(text);
    expect(summary).toContain('The town library reopened on Monday after a two-year renovation');
    expect(summary).not.toMatch(/cookie|Footer link|Section \d+|Most read/);
  });
});
