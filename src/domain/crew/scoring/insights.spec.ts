import { autonomousInsights, summaryStatistics } from './insights';

const reliability = (deceptionScore?: number | null) =>
  autonomousInsights({ deceptionScore, fallacyNames: [], knowledgeStored: false })[0];

describe(autonomousInsights.name, () => {
  it('A15: deception < .3 reliable, < .7 mixed, else caution; missing → .5 (mixed)', () => {
    expect([0.29, 0.3, 0.69, 0.7, undefined].map(reliability)).toEqual([
      '🟢 Content appears reliable (deception score 0.29).',
      '🟡 Mixed reliability (deception score 0.30); verify key claims.',
      '🟡 Mixed reliability (deception score 0.69); verify key claims.',
      '🔴 Caution: high deception score (0.70).',
      '🟡 Mixed reliability (deception score 0.50); verify key claims.',
    ]);
  });

  it('A15: the fallacy count with the first three names, cross-platform data, knowledge stored', () => {
    const names = ['ad hominem', 'straw man', 'slippery slope', 'false dilemma'];
    expect(
      autonomousInsights({
        deceptionScore: 0.1,
        fallacyNames: names,
        crossPlatform: { reddit: [] },
        knowledgeStored: true,
      }).slice(1),
    ).toEqual([
      '4 logical fallacies detected: ad hominem, straw man, slippery slope.',
      'Cross-platform intelligence gathered.',
      'Analysis stored in the knowledge base.',
    ]);
    expect(
      autonomousInsights({ fallacyNames: ['ad hominem'], crossPlatform: {}, knowledgeStored: false }).slice(1),
    ).toEqual(['1 logical fallacy detected: ad hominem.']);
  });
});

describe(summaryStatistics.name, () => {
  it('A15: fact checks performed = #items, else #claims, else evidence_count', () => {
    const count = (factChecks: Parameters<typeof summaryStatistics>[0]['factChecks']) =>
      summaryStatistics({ factChecks, fallacyCount: 0 }).factChecksPerformed;
    expect([
      count({ items: [1, 2, 3], claims: [1] }),
      count({ items: [], claims: [1, 2] }),
      count({ evidenceCount: 4 }),
      count(null),
    ]).toEqual([3, 2, 4, 0]);
  });

  it('A15: the other statistics, with deception defaulting to 0', () => {
    expect(summaryStatistics({ fallacyCount: 0 })).toEqual({
      contentProcessed: false,
      factChecksPerformed: 0,
      fallaciesDetected: 0,
      deceptionScore: 0,
      crossPlatformSources: 0,
      knowledgeBaseEntries: 0,
    });
    expect(
      summaryStatistics({
        pipeline: { download: {} },
        fallacyCount: 2,
        deceptionScore: 0.7,
        crossPlatform: { reddit: 1, x: 2 },
        knowledge: { stored: true },
      }),
    ).toEqual({
      contentProcessed: true,
      factChecksPerformed: 0,
      fallaciesDetected: 2,
      deceptionScore: 0.7,
      crossPlatformSources: 2,
      knowledgeBaseEntries: 1,
    });
  });
});
