import { parseText } from './nlp';
import { summarize, summaryLength } from './summary';
import { SOURDOUGH } from '../../../../test/fixtures/content/texts';

describe(summarize.name, () => {
  it('keeps the three most central sentences in their original order', () => {
    expect(summarize(SOURDOUGH)).toEqual({
      summary:
        'Instead, bakers keep a starter, a mixture of flour and water in which wild yeasts and lactic acid bacteria ' +
        'live together. The bacteria produce the acids that give the bread its sour taste, while the yeasts produce ' +
        'the gas that makes the dough rise. Long fermentation also makes the bread easier to digest for some people, ' +
        'because the bacteria break down part of the gluten and other proteins in the flour.',
      sentenceIndexes: [1, 2, 5],
      method: 'textrank',
    });
  });

  it('keeps as many sentences as asked for', () => {
    expect(summarize(SOURDOUGH, { sentences: 1 }).sentenceIndexes).toEqual([1]);
    expect(summarize(SOURDOUGH, { sentences: 5 }).sentenceIndexes).toEqual([0, 1, 2, 4, 5]);
  });

  it('picks the sentence sharing the most with the others', () => {
    const text =
      'Solar panels turn sunlight into electricity. Panels on a roof can power a home. ' +
      'Batteries store the electricity for the night. The sky was grey.';
    expect(summarize(text, { sentences: 1 }).summary).toBe('Solar panels turn sunlight into electricity.');
  });

  it('returns a text with no more sentences than asked for whole', () => {
    const text = 'Thanks for the quick reply.\nThe kettle arrived broken.';
    expect(summarize(text)).toEqual({
      summary: 'Thanks for the quick reply. The kettle arrived broken.',
      sentenceIndexes: [0, 1],
      method: 'textrank',
    });
  });

  it('gives equal scores to the earlier sentence', () => {
    const text = 'Cats sleep a lot. Dogs bark loudly. Cats sleep a lot. Dogs bark loudly.';
    expect(summarize(text, { sentences: 1 }).sentenceIndexes).toEqual([0]);
    // The repeats say nothing new: the summary is shorter than asked rather than repeat itself.
    expect(summarize(text, { sentences: 3 }).sentenceIndexes).toEqual([0, 1]);
  });

  it('never keeps a sentence that mostly repeats one already kept (a list restated), taking the next best', () => {
    const text =
      'Riverside beat Northgate 3-2 at Harbour Park on Saturday. ' +
      'The fixtures are at Harbour Park, Kingsway Stadium, Millbrook Lane and Eastwood Road. ' +
      'Venues this season: Harbour Park, Kingsway Stadium, Millbrook Lane and Eastwood Road. ' +
      'Grounds: Harbour Park, Kingsway Stadium, Millbrook Lane and Eastwood Road. ' +
      'Riverside now sit third, two points behind Eastwood Rovers.';
    const { sentenceIndexes, summary } = summarize(text, { sentences: 3 });
    expect(sentenceIndexes).toEqual([0, 1, 4]);
    expect(summary.match(/Kingsway Stadium/g)).toHaveLength(1);
  });

  it('returns an empty summary for an empty text or zero sentences', () => {
    expect(summarize('')).toEqual({ summary: '', sentenceIndexes: [], method: 'textrank' });
    expect(summarize(SOURDOUGH, { sentences: 0 })).toEqual({ summary: '', sentenceIndexes: [], method: 'textrank' });
  });

  it('gives the same result for a parsed text', () => {
    expect(summarize(parseText(SOURDOUGH), { sentences: 2 })).toEqual(summarize(SOURDOUGH, { sentences: 2 }));
  });

  it('is sized to the document when no length is asked for: 3 sentences, up to 6 for long texts', () => {
    expect([1, 45, 52, 53, 67, 68, 82, 83, 500].map(summaryLength)).toEqual([3, 3, 3, 4, 4, 5, 5, 6, 6]);
    // 90 distinct sentences: any two share the verb and at most one noun, so none repeats another.
    const nouns = [
      'harbour',
      'stadium',
      'river',
      'market',
      'library',
      'station',
      'garden',
      'bridge',
      'museum',
      'tower',
    ];
    const nouns2 = ['lantern', 'violin', 'carpet', 'pepper', 'saddle', 'kettle', 'anchor', 'feather', 'marble'];
    const long = Array.from(
      { length: 90 },
      (_, i) =>
        `The ${nouns[i % 10]} keeps a ${nouns2[i % 9]} beside a ${nouns[(i + 3) % 10]}${i % 7 === 0 ? '' : 's'}.`,
    ).join(' ');
    expect(summarize(long).sentenceIndexes).toHaveLength(6);
    expect(summarize(SOURDOUGH).sentenceIndexes).toHaveLength(3);
  });
});
