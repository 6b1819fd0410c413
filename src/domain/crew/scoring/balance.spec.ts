import { biasDetection, emotionalManipulation, logicalConsistency, sentimentSwing } from './balance';

describe(biasDetection.name, () => {
  it('A15: a balanced text without signals scores .7', () => {
    expect(biasDetection({ biasSignals: 0 })).toBe(0.7);
    expect(biasDetection({ biasSignals: 0, positive: 2, negative: 2 })).toBe(0.7);
  });

  it('A15: each bias signal costs .1, at most .5', () => {
    expect([3, 5, 7].map((biasSignals) => biasDetection({ biasSignals }))).toEqual([0.4, 0.2, 0.2]);
  });

  it('A15: sentiment imbalance costs .3·|pos − neg|/(pos + neg), at most .3', () => {
    expect(biasDetection({ biasSignals: 0, positive: 3, negative: 1 })).toBe(0.55);
    expect(biasDetection({ biasSignals: 0, positive: 4, negative: 0 })).toBe(0.4);
  });

  it('A15: a neutral overall sentiment costs .05; the floor is 0', () => {
    expect(biasDetection({ biasSignals: 0, overallSentiment: ' Neutral' })).toBe(0.65);
    expect(biasDetection({ biasSignals: 9, positive: 5, negative: 0, overallSentiment: 'neutral' })).toBe(0);
  });
});

describe(sentimentSwing.name, () => {
  it('is undefined with nothing to compare', () => {
    expect([
      sentimentSwing({}),
      sentimentSwing({ positive: 0, negative: 0 }),
      sentimentSwing({ positive: 1, negative: 3 }),
    ]).toEqual([undefined, undefined, 0.5]);
  });
});

describe(emotionalManipulation.name, () => {
  it('A15: no sentiment block → .6; a block without intensity or counts → .7', () => {
    expect([emotionalManipulation({}), emotionalManipulation({ sentiment: null })]).toEqual([0.6, 0.6]);
    expect([
      emotionalManipulation({ sentiment: {} }),
      emotionalManipulation({ sentiment: { positive: 0, negative: 0 } }),
    ]).toEqual([0.7, 0.7]);
  });

  it('A15: intensity i → 1 − min(.8, .5i); negatives count 0', () => {
    expect([0, 0.5, 1, 1.6, 3, -1].map((intensity) => emotionalManipulation({ sentiment: { intensity } }))).toEqual([
      1, 0.75, 0.5, 0.2, 0.2, 1,
    ]);
  });

  it('A15: else swing s → 1 − min(.8, .5s); intensity wins over counts', () => {
    expect(emotionalManipulation({ sentiment: { positive: 3, negative: 1 } })).toBe(0.75);
    expect(emotionalManipulation({ sentiment: { positive: 4, negative: 0 } })).toBe(0.5);
    expect(emotionalManipulation({ sentiment: { positive: 2, negative: 2 } })).toBe(1);
    expect(emotionalManipulation({ sentiment: { intensity: 0.2, positive: 4, negative: 0 } })).toBe(0.9);
  });
});

describe(logicalConsistency.name, () => {
  it('A15: .6 − .1 per fallacy, at most −.4', () => {
    expect([0, 2, 4, 5].map((fallacyCount) => logicalConsistency({ fallacyCount }))).toEqual([0.6, 0.4, 0.2, 0.2]);
  });

  it('A15: averages with reasoning quality, then with the verification score', () => {
    expect(logicalConsistency({ fallacyCount: 0, reasoningQuality: 0.8 })).toBe(0.7);
    expect(logicalConsistency({ fallacyCount: 0, reasoningQuality: 0.8, verificationScore: 0.5 })).toBe(0.6);
    expect(logicalConsistency({ fallacyCount: 0, verificationScore: 1 })).toBe(0.8);
    expect(logicalConsistency({ fallacyCount: 6, reasoningQuality: -3 })).toBe(0.1);
  });
});
