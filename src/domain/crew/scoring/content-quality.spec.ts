import { contentCoherence, factualAccuracy, sourceCredibility } from './content-quality';

const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const META = { title: 'T', platform: 'youtube', wordCount: 0, qualityScore: 0.5 };

describe(contentCoherence.name, () => {
  it('A15: word-count boundaries — 100 words no bonus, 101 +.1, 20 no penalty, 19 −.2', () => {
    expect([101, 100, 20, 19].map((n) => contentCoherence({ transcript: words(n) }))).toEqual([0.6, 0.5, 0.5, 0.3]);
  });

  it('A15: a missing transcript counts as 0 words (−.2)', () => {
    expect(contentCoherence({})).toBe(0.3);
    expect(contentCoherence({ transcript: null })).toBe(0.3);
  });

  it('A15: more than 3 non-blank period-separated segments adds .1; 3 segments (even with a final period) do not', () => {
    expect(contentCoherence({ transcript: `${words(17)} a. b. c.` })).toBe(0.5);
    expect(contentCoherence({ transcript: `a. b. c. ${words(17)}` })).toBe(0.6);
  });

  it('A15: linguistic patterns +.1, sentiment +.05, each non-null metadata field +.025 (0 counts as non-null)', () => {
    const t = words(20);
    expect(contentCoherence({ transcript: t, linguisticPatterns: { hedges: 2 } })).toBe(0.6);
    expect(contentCoherence({ transcript: t, sentiment: { label: 'neutral' } })).toBe(0.55);
    expect(contentCoherence({ transcript: t, linguisticPatterns: {}, sentiment: [] })).toBe(0.5);
    expect(contentCoherence({ transcript: t, contentMetadata: { title: 'T', wordCount: 0, platform: null } })).toBe(
      0.55,
    );
    expect(contentCoherence({ transcript: t, contentMetadata: META })).toBe(0.6);
  });

  it('A15: everything present reaches the maximum .95', () => {
    const transcript = `${words(101)}. b. c. d.`;
    expect(
      contentCoherence({ transcript, linguisticPatterns: { a: 1 }, sentiment: { s: 1 }, contentMetadata: META }),
    ).toBe(0.95);
  });
});

describe(factualAccuracy.name, () => {
  it('A15: no claims and no evidence → .5', () => {
    expect(factualAccuracy([])).toBe(0.5);
    expect(factualAccuracy([null, undefined, {}])).toBe(0.5);
  });

  it('A15: with claims, .3 + .5·verified/(verified + disputed); counts may be numbers or lists', () => {
    expect(factualAccuracy([{ verifiedClaims: 3, disputedClaims: 1 }])).toBe(0.675);
    expect(factualAccuracy([{ verifiedClaims: ['a', 'b'], disputedClaims: [] }])).toBe(0.8);
    expect(factualAccuracy([{ verifiedClaims: 0, disputedClaims: ['x'] }])).toBe(0.3);
  });

  it('A15: evidence adds .04 per item up to 5 (.2)', () => {
    expect([1, 5, 6].map((n) => factualAccuracy([{ evidence: Array(n).fill('e') }]))).toEqual([0.54, 0.7, 0.7]);
    expect(factualAccuracy([{ verifiedClaims: 4, evidence: Array(9).fill('e') }])).toBe(1);
  });

  it('sums the blocks (verification.fact_checks, verification.fact_verification, fact_data.fact_checks)', () => {
    expect(factualAccuracy([{ verifiedClaims: 1 }, { disputedClaims: 1 }, { evidence: ['a', 'b', 'c'] }])).toBe(0.67);
  });

  it('treats negative or fractional counts as whole non-negative numbers', () => {
    expect(factualAccuracy([{ verifiedClaims: -2, disputedClaims: 1.7 }])).toBe(0.3);
  });
});

describe(sourceCredibility.name, () => {
  it('A15: validation sets the start — absent .5, validated .85, not validated .35', () => {
    expect([undefined, true, false].map((validated) => sourceCredibility({ validated }))).toEqual([0.5, 0.85, 0.35]);
  });

  it('A15: averages with a numeric source reliability (clamped) or a reliability word', () => {
    expect(sourceCredibility({ sourceReliability: 0.45 })).toBe(0.475);
    expect(
      ['HIGH', 'medium', 'low', 'unknown', 'constructor'].map((r) => sourceCredibility({ sourceReliability: r })),
    ).toEqual([0.675, 0.55, 0.4, 0.5, 0.5]);
    expect(sourceCredibility({ validated: true, sourceReliability: 1.5 })).toBe(0.925);
  });

  it('A15: +.05 for a source URL and +.05 for a platform; blank values do not count', () => {
    expect(sourceCredibility({ sourceUrl: 'https://a.example/v', platform: 'youtube' })).toBe(0.6);
    expect(sourceCredibility({ sourceUrl: ' ', platform: '' })).toBe(0.5);
  });

  it('A15: averages with the credibility assessment last, score before overall', () => {
    expect(sourceCredibility({ credibilityAssessment: { score: 0.9, overall: 0.1 } })).toBe(0.7);
    expect(sourceCredibility({ credibilityAssessment: { overall: 0.1 } })).toBe(0.3);
    const full = { validated: true, sourceReliability: 'high', sourceUrl: 'u', platform: 'p' };
    expect(sourceCredibility({ ...full, credibilityAssessment: { score: 0.55 } })).toBe(0.75);
  });

  it('A15: clamps to 1', () => {
    expect(sourceCredibility({ validated: true, sourceReliability: 1, sourceUrl: 'u', platform: 'p' })).toBe(1);
  });
});
