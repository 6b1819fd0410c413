import { aiQualityScore, qualityTrend, type QualityDimensions } from './ai-quality';

const SIX: QualityDimensions = {
  contentCoherence: 0.9,
  factualAccuracy: 0.6,
  sourceCredibility: 0.6,
  biasDetection: 0.7,
  emotionalManipulation: 0.8,
  logicalConsistency: 0.6,
};

describe(aiQualityScore.name, () => {
  it('A15: the score of the six S11 dimensions is their plain mean', () => {
    expect(aiQualityScore(SIX)).toBe(0.7);
  });

  it('A15: no values → 0', () => {
    expect(aiQualityScore({})).toBe(0);
  });

  it('A15: generic keys are weighted .3/.2/.2/.15/.15, renormalised over the keys present', () => {
    expect(aiQualityScore({ accuracy: 0.9, completeness: 0.8, consistency: 0.7, clarity: 0.6, relevance: 0.5 })).toBe(
      0.735,
    );
    expect(aiQualityScore({ accuracy: 1, completeness: 0 })).toBe(0.6);
    expect(aiQualityScore({ accuracy: 0.5, contentCoherence: 1 })).toBe(0.5);
  });

  it('ignores non-finite values and clamps the rest to [0, 1]', () => {
    expect(aiQualityScore({ a: Number.NaN, b: 0.4 })).toBe(0.4);
    expect(aiQualityScore({ x: 2, y: 0 })).toBe(0.5);
  });
});

describe(qualityTrend.name, () => {
  it('A15: trend boundaries — .75 improving, .749 stable, .5 stable, .499 declining', () => {
    expect([0.75, 0.749, 0.5, 0.499].map(qualityTrend)).toEqual(['improving', 'stable', 'stable', 'declining']);
  });

  it('A15: a mean of exactly .75 over six dimensions is improving (no floating-point shortfall)', () => {
    const dims = {
      ...SIX,
      contentCoherence: 0.8,
      factualAccuracy: 0.7,
      sourceCredibility: 0.75,
      biasDetection: 0.75,
      emotionalManipulation: 0.75,
      logicalConsistency: 0.75,
    };
    expect(aiQualityScore(dims)).toBe(0.75);
    expect(qualityTrend(aiQualityScore(dims))).toBe('improving');
  });
});
