import { parseText } from './nlp';
import { analyzeSentiment } from './sentiment';

const KETTLE =
  'Thanks for the quick reply. Unfortunately the replacement kettle arrived broken, the handle was cracked, the lid ' +
  'would not close and the base leaked water all over the counter.';

describe(analyzeSentiment.name, () => {
  it('labels a warm review positive', () => {
    const text =
      'The staff were wonderful and the rooms were spotless. We loved the breakfast. We will happily come back.';
    expect(analyzeSentiment(text)).toEqual({
      label: 'positive',
      score: 0.6,
      positiveSentences: 3,
      negativeSentences: 0,
    });
  });

  it('labels a complaint negative', () => {
    const text = 'The food was awful and the waiter was rude. We waited an hour for a cold, tasteless soup.';
    expect(analyzeSentiment(text)).toEqual({
      label: 'negative',
      score: -0.563,
      positiveSentences: 0,
      negativeSentences: 2,
    });
  });

  it('labels factual prose neutral', () => {
    const text = 'The museum opens at nine. Visitors buy tickets at the front desk. The last tour starts at four.';
    expect(analyzeSentiment(text)).toEqual({ label: 'neutral', score: 0, positiveSentences: 0, negativeSentences: 0 });
  });

  it('weights sentences by length, so a short polite opener does not outweigh a long complaint', () => {
    // wink's sentence scores are 0.4 and −0.25; unweighted their mean is 0.075 (neutral).
    expect(parseText(KETTLE).sentences.map((s) => s.sentiment)).toEqual([0.4, -0.25]);
    expect(analyzeSentiment(KETTLE)).toEqual({
      label: 'negative',
      score: -0.138,
      positiveSentences: 1,
      negativeSentences: 1,
    });
  });

  it('applies negation', () => {
    expect(analyzeSentiment('The room was not clean and the service was not good.').label).toBe('negative');
  });

  it('returns neutral 0 for an empty text', () => {
    expect(analyzeSentiment('')).toEqual({ label: 'neutral', score: 0, positiveSentences: 0, negativeSentences: 0 });
  });

  it('gives the same result for a parsed text', () => {
    expect(analyzeSentiment(parseText(KETTLE))).toEqual(analyzeSentiment(KETTLE));
  });
});
