import { SPECIALISED_STAGES, synthesizeSpecialised } from './specialised.synthesis';

const ID = {
  url: 'https://youtu.be/x',
  workflowId: 'autointel_1_2',
  depth: 'comprehensive' as const,
  processingTime: 30,
};

describe(synthesizeSpecialised.name, () => {
  it('reports the threat, the per-stage flags and the missing stages', () => {
    const r = synthesizeSpecialised({
      ...ID,
      acquisition: { a: 1 },
      intelligence: { b: 2 },
      verification: {},
      deception: { threatScore: 0.456, threatLevel: 'medium' },
    });
    expect(r).toMatchObject({
      autonomousAnalysisSummary: {
        analysisApproach: 'specialized_autonomous_agents',
        threatScore: 0.456,
        threatLevel: 'medium',
        summaryStatistics: {
          contentProcessed: true,
          intelligenceExtracted: true,
          verificationCompleted: false,
          threatAssessmentDone: true,
          behavioralAnalysisDone: false,
          knowledgeIntegrated: false,
          threatScore: 0.456,
          threatLevel: 'medium',
        },
        specializedInsights: [
          'Threat level medium (score 0.46).',
          '3 of 9 specialised stages produced results.',
          'No results from: verification, behavioral, knowledge, social, research, performance.',
        ],
      },
      detailedResults: { acquisition: { a: 1 }, verification: {}, social: {} },
    });
  });

  it('defaults to threat score 0 and level unknown', () => {
    expect(synthesizeSpecialised(ID)).toMatchObject({
      autonomousAnalysisSummary: {
        url: ID.url,
        workflowId: ID.workflowId,
        analysisDepth: 'comprehensive',
        processingTime: 30,
        threatScore: 0,
        threatLevel: 'unknown',
      },
    });
  });

  it('has detailed results for all nine stages and no "missing" line when all produced results', () => {
    const all = Object.fromEntries(SPECIALISED_STAGES.map((s) => [s, { ok: true }]));
    const r = synthesizeSpecialised({ ...ID, ...all });
    if ('error' in r) throw new Error(r.error);
    expect(Object.keys(r.detailedResults)).toEqual([...SPECIALISED_STAGES]);
    expect(r.autonomousAnalysisSummary.specializedInsights).toEqual([
      'Threat level not assessed.',
      '9 of 9 specialised stages produced results.',
    ]);
  });

  it('returns {error, rawResults} when reading the inputs throws', () => {
    const input = {
      ...ID,
      get deception(): never {
        throw new Error('gone');
      },
    };
    expect(synthesizeSpecialised(input)).toEqual({ error: 'Specialised synthesis failed: gone', rawResults: input });
  });
});
