import { synthesizeBasic, type BasicSynthesisInput } from './basic.synthesis';

const ID = { url: 'https://youtu.be/x', workflowId: 'autointel_1_2', depth: 'deep' as const, processingTime: 12.5 };

describe(synthesizeBasic.name, () => {
  it('combines the stage outputs into summary, detailed results and metadata', () => {
    const input: BasicSynthesisInput = {
      ...ID,
      pipeline: { download: { title: 'T' } },
      factAnalysis: {
        factChecks: { items: [1, 2], claims: ['a', 'b', 'c'] },
        logicalFallacies: ['ad hominem', { type: 'straw man' }, { name: 'slippery slope' }, {}],
      },
      crossPlatform: { reddit: [], x: [] },
      deception: { deceptionScore: 0.25 },
      knowledge: { knowledgeStorage: { memoryStorage: true } },
    };
    expect(synthesizeBasic(input)).toEqual({
      autonomousAnalysisSummary: {
        ...{ url: ID.url, workflowId: ID.workflowId, analysisDepth: 'deep', processingTime: 12.5 },
        deceptionScore: 0.25,
        summaryStatistics: {
          contentProcessed: true,
          factChecksPerformed: 2,
          fallaciesDetected: 4,
          deceptionScore: 0.25,
          crossPlatformSources: 2,
          knowledgeBaseEntries: 1,
        },
        autonomousInsights: [
          '🟢 Content appears reliable (deception score 0.25).',
          '4 logical fallacies detected: ad hominem, straw man, slippery slope.',
          'Cross-platform intelligence gathered.',
          'Analysis stored in the knowledge base.',
        ],
      },
      detailedResults: {
        contentAnalysis: input.pipeline,
        factChecking: input.factAnalysis,
        crossPlatformIntelligence: input.crossPlatform,
        deceptionAnalysis: input.deception,
        knowledgeBaseIntegration: input.knowledge,
      },
      workflowMetadata: {
        synthesisMethod: 'basic',
        stagesWithData: ['pipeline', 'factAnalysis', 'crossPlatform', 'deception', 'knowledge'],
      },
    });
  });

  it('defaults the deception score to 0 in the summary while the insight reads a missing score as mixed', () => {
    const r = synthesizeBasic(ID);
    expect(r).toMatchObject({
      autonomousAnalysisSummary: {
        deceptionScore: 0,
        autonomousInsights: ['🟡 Mixed reliability (deception score 0.50); verify key claims.'],
      },
      detailedResults: {
        contentAnalysis: {},
        factChecking: {},
        crossPlatformIntelligence: {},
        deceptionAnalysis: {},
        knowledgeBaseIntegration: {},
      },
      workflowMetadata: { stagesWithData: [] },
    });
  });

  it('returns {error, rawResults} when reading the inputs throws', () => {
    const input = {
      ...ID,
      factAnalysis: {
        get logicalFallacies(): never {
          throw new Error('bad block');
        },
      },
    };
    expect(synthesizeBasic(input)).toEqual({ error: 'Basic synthesis failed: bad block', rawResults: input });
  });
});
