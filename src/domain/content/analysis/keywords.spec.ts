import { extractKeywords } from './keywords';
import { parseText } from './nlp';
import { SOURDOUGH } from '../../../../test/fixtures/content/texts';

const KETTLE =
  'Thanks for the quick reply. Unfortunately the replacement kettle arrived broken, the handle was cracked, the lid ' +
  'would not close and the base leaked water all over the counter.';

describe(extractKeywords.name, () => {
  it('ranks the lemmas of nouns and adjectives by TextRank, the best scoring 1', () => {
    expect(extractKeywords(SOURDOUGH)).toEqual([
      { term: 'starter', score: 1 },
      { term: 'bread', score: 0.72 },
      { term: 'yeast', score: 0.636 },
      { term: 'bacteria', score: 0.512 },
      { term: 'flour', score: 0.412 },
      { term: 'rise', score: 0.41 },
      { term: 'acid', score: 0.381 },
      { term: 'temperature', score: 0.309 },
      { term: 'day', score: 0.306 },
      { term: 'room', score: 0.3 },
    ]);
  });

  it('breaks ties alphabetically', () => {
    expect(extractKeywords(KETTLE, { max: 4 })).toEqual([
      { term: 'base', score: 1 },
      { term: 'handle', score: 1 },
      { term: 'close', score: 0.979 },
      { term: 'lid', score: 0.979 },
    ]);
  });

  it('links only terms within the window', () => {
    // With a window of 2 only neighbours link, so red–apple–green–pear is a chain: its middle nodes score
    // 0.2775 / 0.21375 and its ends 0.15 + 0.425 times that, 0.541 of the middle.
    expect(extractKeywords('Red apples and green pears.', { window: 2 })).toEqual([
      { term: 'apple', score: 1 },
      { term: 'green', score: 1 },
      { term: 'pear', score: 0.541 },
      { term: 'red', score: 0.541 },
    ]);
  });

  it('returns nothing when the text has no nouns or adjectives', () => {
    expect(extractKeywords('It is what it is, and so it goes.')).toEqual([]);
    expect(extractKeywords('')).toEqual([]);
  });

  it('gives the same result for a parsed text', () => {
    expect(extractKeywords(parseText(SOURDOUGH), { max: 3 })).toEqual(extractKeywords(SOURDOUGH, { max: 3 }));
  });

  it('shows a term as the text writes it when the lemmatiser changed its spelling, else as its lemma', () => {
    const text = 'The harbour was busy. Boats left the harbour at dawn. Fishing boats crowd the harbour every summer.';
    const terms = extractKeywords(text).map((k) => k.term);
    // wink's lemma of `harbour` is `harbor`, a word this text never uses; `boats` keeps its lemma `boat`.
    expect(terms).toContain('harbour');
    expect(terms).not.toContain('harbor');
    expect(terms).toContain('boat');
  });
  it('keeps a name’s capital, but not the capital a sentence opens with', () => {
    const text =
      'Fans of Chelsea sang all night. The club said Chelsea will play again in May. Red shirts filled the stands.';
    expect(extractKeywords(text, { max: 20 }).map((k) => k.term)).toEqual(expect.arrayContaining(['Chelsea', 'red']));
  });
});
