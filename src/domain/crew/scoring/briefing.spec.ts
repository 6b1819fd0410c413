import {
  dataCompleteness,
  intelligenceGrade,
  keywordConfidence,
  overallConfidence,
  strategicRecommendations,
} from './briefing';

describe(intelligenceGrade.name, () => {
  it('A15: grade A–D', () => {
    expect(intelligenceGrade({ threatLevel: 'medium', hasFactChecks: true, hasTranscript: true })).toBe('A');
    expect(intelligenceGrade({ threatLevel: 'high', hasFactChecks: true, hasTranscript: false })).toBe('B');
    expect(intelligenceGrade({ threatLevel: 'unknown', hasFactChecks: true, hasTranscript: true })).toBe('B');
    expect(intelligenceGrade({ threatLevel: 'low', hasFactChecks: false, hasTranscript: true })).toBe('C');
    expect(intelligenceGrade({ threatLevel: 'high', hasFactChecks: false, hasTranscript: false })).toBe('D');
  });

  it('A15: an unknown or missing threat level is not "known"', () => {
    expect(intelligenceGrade({ threatLevel: 'UNKNOWN', hasFactChecks: true, hasTranscript: false })).toBe('D');
    expect(intelligenceGrade({ hasFactChecks: true, hasTranscript: false })).toBe('D');
  });
});

describe(dataCompleteness.name, () => {
  it('A15: non-empty object sources / all sources; none → 0', () => {
    expect(dataCompleteness([{ a: 1 }, {}, null, 'x'])).toBe(0.25);
    expect(dataCompleteness([{ a: 1 }, { b: 2 }, { c: 3 }])).toBe(1);
    expect(dataCompleteness([{ a: 1 }, null, null])).toBe(0.333);
    expect(dataCompleteness([])).toBe(0);
  });
});

describe(overallConfidence.name, () => {
  it('A15: mean of confidence | quality score | keyword ratio | .5 per source; none → 0', () => {
    expect(overallConfidence([])).toBe(0);
    // .8, .6, .4, 2/3 (2 confident, 1 uncertain word), .5 → 2.9667/5
    expect(
      overallConfidence([
        0.8,
        { confidence: 0.6, qualityScore: 0.1 },
        { qualityScore: 0.4 },
        'Confirmed and verified, but alleged',
        {},
      ]),
    ).toBe(0.593);
  });

  it('A15: numbers clamp; strings and objects without keywords count .5', () => {
    expect(overallConfidence([1.4, -2])).toBe(0.5);
    expect(overallConfidence(['nothing to say', { summary: 'clear and consistent' }])).toBe(0.75);
  });
});

describe(keywordConfidence.name, () => {
  it('counts whole words only, and is undefined without any', () => {
    expect([keywordConfidence('unclear maybe certain'), keywordConfidence('clearly')]).toEqual([1 / 3, undefined]);
  });
});

describe(strategicRecommendations.name, () => {
  it('A15: the threat level sets the handling', () => {
    expect(['high', 'medium', 'low', null].map((threatLevel) => strategicRecommendations({ threatLevel })[0])).toEqual([
      'Apply enhanced scrutiny before relying on or sharing this content.',
      'Proceed with moderate caution and verify the key claims.',
      'Standard handling is appropriate.',
      'Standard handling is appropriate.',
    ]);
  });

  it('A15: sentiment, the first three themes, coverage < .6 and escalation each add an item', () => {
    expect(
      strategicRecommendations({
        threatLevel: 'low',
        prevailingSentiment: 'negative',
        themes: ['tides', 'ships', '', 'charts', 'ports'],
        coverageScore: 0.59,
        escalationRequired: true,
      }),
    ).toEqual([
      'Standard handling is appropriate.',
      'Account for the prevailing negative sentiment when presenting the findings.',
      'Track the main themes: tides, ships, charts.',
      'Raise coverage: gather more sources and checks.',
      'Escalation required: follow up with a reviewer.',
    ]);
    expect(strategicRecommendations({ coverageScore: 0.6 })).toHaveLength(1);
  });
});
