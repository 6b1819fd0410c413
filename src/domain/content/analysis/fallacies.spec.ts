import { detectFallacies } from './fallacies';
import { parseText } from './nlp';

const DEBATE =
  "Everyone knows that the old bridge is safe, and we have always done it this way. My opponent wants to destroy our town's " +
  'history, but what about the jobs we already lost? If we let them build one tower, before you know it the whole ' +
  'riverside will be glass and steel. The council spent 2.4 million dollars on consultants last year. Everyone knows ' +
  'it, and everybody agrees.';

const NEUTRAL =
  'Sourdough bread rises without commercial yeast. Instead, bakers keep a starter, a mixture of flour and water in ' +
  'which wild yeasts and lactic acid bacteria live together. The bacteria produce the acids that give the bread its ' +
  'sour taste, while the yeasts produce the gas that makes the dough rise. Many bakers feed their starter every day, ' +
  'but a starter stored in the fridge only needs feeding once a week. City planners in Paris have planted thousands ' +
  'of trees, and a 2022 study found that more shade could prevent a third of heat-related deaths.';

describe(detectFallacies.name, () => {
  it('returns nothing for neutral prose', () => {
    expect(detectFallacies(NEUTRAL)).toEqual([]);
  });

  it('returns nothing for an empty text', () => {
    expect(detectFallacies('')).toEqual([]);
  });

  it('reports the type, label, sentence, cue and explanation', () => {
    expect(detectFallacies(DEBATE)[0]).toEqual({
      type: 'appeal_to_popularity',
      label: 'Appeal to popularity (bandwagon)',
      sentenceIndex: 0,
      span: { start: 0, end: 14, text: 'Everyone knows' },
      sentence: 'Everyone knows that the old bridge is safe, and we have always done it this way.',
      explanation: 'Argues that something is true or good because many people believe or do it.',
    });
  });

  it('orders fallacies by sentence, then by position in the sentence', () => {
    expect(detectFallacies(DEBATE).map((f) => [f.sentenceIndex, f.type, f.span.start, f.span.end])).toEqual([
      [0, 'appeal_to_popularity', 0, 14],
      [0, 'appeal_to_tradition', 48, 79],
      [1, 'straw_man', 81, 109],
      [1, 'red_herring', 130, 148],
      [2, 'slippery_slope', 203, 221],
      [4, 'appeal_to_popularity', 331, 345],
    ]);
  });

  it('gives spans whose offsets point into the original text', () => {
    const mismatches = detectFallacies(DEBATE).filter((f) => DEBATE.slice(f.span.start, f.span.end) !== f.span.text);
    expect(mismatches).toEqual([]);
  });

  it('matches cues across line breaks and runs of spaces, with offsets into the original text', () => {
    const text = 'The vote is on Friday.\n\n   Think   of the\nchildren, please.';
    expect(detectFallacies(text).map((f) => [f.span, text.slice(f.span.start, f.span.end)])).toEqual([
      [{ start: 27, end: 50, text: 'Think   of the\nchildren' }, 'Think   of the\nchildren'],
    ]);
  });

  it('reports a type once per sentence even when several of its cues occur', () => {
    expect(detectFallacies('Everyone knows it, and everybody agrees.').map((f) => f.span.text)).toEqual([
      'Everyone knows',
    ]);
  });

  it('gives the same result for a parsed text', () => {
    expect(detectFallacies(parseText(DEBATE))).toEqual(detectFallacies(DEBATE));
  });
});
