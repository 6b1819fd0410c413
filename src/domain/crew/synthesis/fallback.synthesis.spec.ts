import { synthesizeFallback } from './fallback.synthesis';

describe(synthesizeFallback.name, () => {
  it('summarises the run, marks which stages held data and requires manual review', () => {
    const id = { url: 'u', workflowId: 'w', depth: 'standard' as const, processingTime: 1.5 };
    expect(
      synthesizeFallback(id, { content_acquisition: { a: 1 }, content_analysis: {}, threat_analysis: null }, 'timeout'),
    ).toEqual({
      fallbackSynthesis: true,
      fallbackReason: 'timeout',
      basicSummary: { url: 'u', workflowId: 'w', analysisDepth: 'standard', processingTime: 1.5, totalStages: 3 },
      availableResults: { content_acquisition: true, content_analysis: false, threat_analysis: false },
      qualityGrade: 'limited',
      requiresManualReview: true,
      productionReady: false,
    });
  });
});
