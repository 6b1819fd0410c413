import type { AcquiredContent } from '../content.types';
import { digestContent } from './digest';

const ARTICLE = [
  'Mayor Ann Lee opened the new harbour bridge in Springfield on Monday.',
  'The bridge cost $40 million and took three years to build.',
  '“This bridge joins two halves of our city at last,” said Ann Lee at the opening.',
  'Engineers from Acme Construction Ltd worked with the Springfield Council on the design.',
  'Critics said the project ran late and the tolls are unfair to commuters.',
  'The council expects 12,000 crossings a day by next year.',
  'Ann Lee thanked Acme Construction Ltd and the people of Springfield.',
].join(' ');

const content = (transcript: string, duration: number | null = null): AcquiredContent => ({
  download: {
    url: 'https://news.example/bridge',
    title: 'Bridge opens',
    platform: 'web',
    duration,
    author: 'Sam Reporter',
    site: 'Example News',
    publishedAt: '2026-12-01T09:00:00Z',
    contentType: 'text/html',
    source: 'http',
  },
  transcription: { transcript, timelineAnchors: [], qualityScore: 1, origin: 'page' },
});

describe('digestContent', () => {
  it('says what the content is, from its metadata and text', () => {
    expect(digestContent(content(ARTICLE), 'standard').about).toEqual({
      title: 'Bridge opens',
      source: 'https://news.example/bridge',
      site: 'Example News',
      author: 'Sam Reporter',
      publishedAt: '2026-12-01T09:00:00Z',
      platform: 'web',
      contentType: 'text/html',
      language: 'en',
      words: 84,
      readingMinutes: 0.4,
      durationS: null,
      textOrigin: 'page',
    });
  });

  it('names the people, organisations and places, and the quote with its speaker', () => {
    const d = digestContent(content(ARTICLE), 'standard');
    expect(d.entities.filter((e) => ['person', 'organisation', 'place'].includes(e.type))).toEqual([
      { text: 'Ann Lee', type: 'person', count: 3 },
      { text: 'Springfield', type: 'place', count: 2 },
      { text: 'Acme Construction Ltd', type: 'organisation', count: 2 },
      { text: 'Springfield Council', type: 'organisation', count: 1 },
    ]);
    expect(d.quotes).toEqual([{ text: 'This bridge joins two halves of our city at last,', speaker: 'Ann Lee' }]);
  });

  it('keeps the summary in document order and the key points out of it', () => {
    const d = digestContent(content(ARTICLE), 'standard');
    expect(d.summary.sentences).toHaveLength(3);
    const order = d.summary.sentences.map((s) => ARTICLE.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(d.keyPoints.some((p) => d.summary.sentences.includes(p))).toBe(false);
  });

  it('adds with depth and never drops: relations from deep, more claims, and the same summary', () => {
    const standard = digestContent(content(ARTICLE), 'standard');
    const deep = digestContent(content(ARTICLE), 'deep');
    expect(standard.relations).toEqual([]);
    expect(deep.relations.slice(0, 2)).toEqual([
      { a: 'Ann Lee', b: 'Springfield', sentences: 2 },
      { a: 'Ann Lee', b: 'Acme Construction Ltd', sentences: 1 },
    ]);
    expect(deep.summary).toEqual(standard.summary);
    expect(deep.claims.length).toBeGreaterThanOrEqual(standard.claims.length);
    expect(deep.claims.slice(0, standard.claims.length)).toEqual(standard.claims);
  });

  it('outlines a long document section by section at comprehensive depth only', () => {
    const section = (n: number) =>
      `Part ${n} heading\n\n` +
      Array.from(
        { length: 50 },
        (_, i) => `Section ${n} sentence ${i} talks about topic ${n} and more words here.`,
      ).join(' ');
    const long = [1, 2, 3].map(section).join('\n\n');
    expect(digestContent(content(long), 'deep').summary.outline).toEqual([]);
    expect(digestContent(content(long), 'comprehensive').summary.outline.map((o) => o.heading)).toEqual([
      'Part 1 heading',
      'Part 2 heading',
      'Part 3 heading',
    ]);
  });

  it('flags text that does not read as English', () => {
    const german = 'Der Hafen wurde am Montag eröffnet. Die Brücke kostete viel Geld und dauerte drei Jahre.';
    expect(digestContent(content(german), 'standard').about.language).toBeNull();
  });
});
