import { parseText } from './nlp';
import { analyzeText } from './text-analysis';

const LIBRARY =
  'The Riverside Library reopened on March 3, 2024, after a renovation that cost $4.2 million. Visitors can now ' +
  "borrow laptops, reserve study rooms and attend free coding classes. The library's director said attendance " +
  "doubled in the first month, and that it was busier than any month since 2019. Children's programmes remain the " +
  "most popular, and the library plans to add weekend story hours in MARCH. Don't forget: the new café opens at 8 am.";

describe(analyzeText.name, () => {
  it('counts words, sentences and characters, and estimates the reading time', () => {
    const { words, sentences, characters, readingMinutes } = analyzeText(LIBRARY);
    expect({ words, sentences, characters, readingMinutes }).toEqual({
      words: 69,
      sentences: 5,
      characters: 441,
      readingMinutes: 0.3,
    });
  });

  it('returns the ten best keywords', () => {
    expect(analyzeText(LIBRARY).keywords).toEqual([
      { term: 'library', score: 1 },
      { term: 'March', score: 0.699 },
      { term: 'free', score: 0.544 },
      { term: 'reserve', score: 0.544 },
      { term: 'room', score: 0.533 },
      { term: 'study', score: 0.533 },
      { term: 'popular', score: 0.49 },
      { term: 'month', score: 0.485 },
      { term: 'attendance', score: 0.475 },
      { term: 'story', score: 0.467 },
    ]);
  });

  it('counts entities, most frequent first, then alphabetically', () => {
    expect(analyzeText(LIBRARY).entities).toEqual([
      { text: 'month', type: 'DURATION', count: 2 },
      { text: '$4.2 million', type: 'MONEY', count: 1 },
      { text: '8 am', type: 'TIME', count: 1 },
      { text: 'first', type: 'ORDINAL', count: 1 },
      { text: 'hours', type: 'DURATION', count: 1 },
      { text: 'MARCH', type: 'DATE', count: 1 },
      { text: 'March 3, 2024', type: 'DATE', count: 1 },
      { text: 'since 2019', type: 'DURATION', count: 1 },
    ]);
  });

  it('merges entities that differ only in case, keeping the first spelling', () => {
    const text = 'Email INFO@LIBRARY.ORG before 8 AM, or info@library.org after 8 am. Follow #Books for news.';
    expect(analyzeText(text).entities).toEqual([
      { text: '8 AM', type: 'TIME', count: 2 },
      { text: 'INFO@LIBRARY.ORG', type: 'EMAIL', count: 2 },
      { text: '#Books', type: 'HASHTAG', count: 1 },
    ]);
  });

  it('counts a contraction as one word and leaves numbers and punctuation out', () => {
    const { words, sentences } = analyzeText("We didn't pay 40 dollars; it's 35.");
    expect({ words, sentences }).toEqual({ words: 5, sentences: 1 });
  });

  it('rounds the reading time to one decimal at 200 words a minute', () => {
    const text = 'Rain fell. '.repeat(150);
    const { words, readingMinutes } = analyzeText(text);
    expect({ words, readingMinutes }).toEqual({ words: 300, readingMinutes: 1.5 });
  });

  it('returns zeros for an empty text', () => {
    expect(analyzeText('')).toEqual({
      words: 0,
      sentences: 0,
      characters: 0,
      keywords: [],
      entities: [],
      readingMinutes: 0,
    });
  });

  it('gives the same result for a parsed text', () => {
    expect(analyzeText(parseText(LIBRARY))).toEqual(analyzeText(LIBRARY));
  });
});
