import type { ClaimReason } from './analysis.types';
import { CLAIM_WEIGHTS, extractClaims } from './claims';
import { parseText } from './nlp';

const LIBRARY =
  'The Riverside Library reopened on March 3, 2024, after a renovation that cost $4.2 million. Visitors can now ' +
  "borrow laptops, reserve study rooms and attend free coding classes. The library's director said attendance " +
  "doubled in the first month, and that it was busier than any month since 2019. Children's programmes remain the " +
  "most popular, and the library plans to add weekend story hours in MARCH. Don't forget: the new café opens at 8 am.";

/** A sentence, its reasons and its score (the sum of `CLAIM_WEIGHTS`). */
const REASONS: readonly (readonly [string, readonly ClaimReason[], number])[] = [
  ['The bridge carries 40,000 cars a day across the river.', ['number'], 0.3],
  ['Unemployment fell to 3.9 percent among young workers in the region.', ['percentage'], 0.35],
  ['The new mayor of Leeds met the union leaders this morning.', ['named_entity'], 0.2],
  ['Electric buses are cheaper to run than diesel buses over their lifetime.', ['comparison'], 0.25],
  ['It was the worst harvest that the valley farmers can remember.', ['superlative'], 0.2],
  ['The flooding was caused by heavy rain falling on frozen ground.', ['causal'], 0.2],
  ['Thousands of residents signed the petition against the new road.', ['number', 'quantity_word'], 0.45],
  ['The factory closed on 14 July 2021 after the owners sold the site.', ['date'], 0.2],
];

describe(extractClaims.name, () => {
  it('ranks check-worthy sentences by score, then by position', () => {
    expect(extractClaims(LIBRARY)).toEqual([
      {
        text: "The library's director said attendance doubled in the first month, and that it was busier than any month since 2019.",
        sentenceIndex: 2,
        start: 177,
        end: 293,
        score: 0.9,
        reasons: ['number', 'comparison', 'quantity_word', 'date'],
      },
      {
        text: 'The Riverside Library reopened on March 3, 2024, after a renovation that cost $4.2 million.',
        sentenceIndex: 0,
        start: 0,
        end: 91,
        score: 0.85,
        reasons: ['number', 'named_entity', 'quantity_word', 'date'],
      },
      {
        text: "Children's programmes remain the most popular, and the library plans to add weekend story hours in MARCH.",
        sentenceIndex: 3,
        start: 294,
        end: 399,
        score: 0.4,
        reasons: ['superlative', 'date'],
      },
      {
        text: "Don't forget: the new café opens at 8 am.",
        sentenceIndex: 4,
        start: 400,
        end: 441,
        score: 0.2,
        reasons: ['date'],
      },
    ]);
  });

  it('gives offsets into the original text', () => {
    expect(extractClaims(LIBRARY).filter((c) => LIBRARY.slice(c.start, c.end) !== c.text)).toEqual([]);
  });

  it.each(REASONS)('finds the reasons of "%s"', (sentence, reasons, score) => {
    expect(extractClaims(sentence).map((c) => [c.reasons, c.score])).toEqual([[reasons, score]]);
  });

  it('weighs figures most', () => {
    expect(CLAIM_WEIGHTS).toEqual({
      number: 0.3,
      percentage: 0.35,
      named_entity: 0.2,
      comparison: 0.25,
      superlative: 0.2,
      causal: 0.2,
      quantity_word: 0.15,
      date: 0.2,
    });
  });

  it('caps the score at 1', () => {
    const text =
      'Exports rose 12% in 2023, the largest gain since 1990, because Germany bought more than twice as many cars.';
    expect(extractClaims(text).map((c) => [c.score, c.reasons])).toEqual([
      [1, ['percentage', 'named_entity', 'comparison', 'superlative', 'causal', 'quantity_word', 'date']],
    ]);
  });

  it('does not count a date or percentage as a plain number', () => {
    expect(extractClaims('Exports rose 12% in 2023, the largest gain since 1990.')[0].reasons).toEqual([
      'percentage',
      'superlative',
      'date',
    ]);
  });

  it('leaves out questions, sentences under five words and sentences with no reason', () => {
    expect(extractClaims('Did prices rise 12% in 2023? Sales fell 5%. The cat sat quietly on the warm mat.')).toEqual(
      [],
    );
  });

  it('does not take "rather than" for a comparison', () => {
    expect(extractClaims('Rather than wait, the team walked home together in the rain.')).toEqual([]);
  });

  it('returns at most max claims', () => {
    expect(extractClaims(LIBRARY, { max: 2 }).map((c) => c.sentenceIndex)).toEqual([2, 0]);
  });

  it('gives the same result for a parsed text', () => {
    expect(extractClaims(parseText(LIBRARY))).toEqual(extractClaims(LIBRARY));
  });
});
