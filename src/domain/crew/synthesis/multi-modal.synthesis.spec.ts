import { recordRecovery, emptyRecoveryMetrics } from '../recovery/recovery-metrics';
import type { Depth } from '../../content/content.ports';
import { synthesizeMultiModal, type MultiModalInput } from './multi-modal.synthesis';

/** A verified stage with ten fields: confidence .9, completeness 1, succeeded. */
const VERIFIED = { verified: true, ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 'x'])) };
const input = (
  depth: Depth,
  stages: MultiModalInput['stages'],
  extra: Partial<MultiModalInput> = {},
): MultiModalInput => ({
  url: 'https://youtu.be/x',
  workflowId: 'autointel_1_2',
  depth,
  processingTime: 4.2,
  stages,
  placeholderFlags: [],
  ...extra,
});
const quality = (r: ReturnType<typeof synthesizeMultiModal>) => {
  if (r.fallbackSynthesis) throw new Error(`fell back: ${r.fallbackReason}`);
  return r.orchestratorMetadata.synthesisQuality;
};

describe(synthesizeMultiModal.name, () => {
  it('A16: the same verified stages grade excellent at deep (.9 with the .05 bonus) and good at standard (.794)', () => {
    const stages = { content_analysis: VERIFIED, information_verification: VERIFIED };
    expect(quality(synthesizeMultiModal(input('deep', stages)))).toEqual({
      score: 0.9,
      grade: 'excellent',
      averageQuality: 0.7,
      averageConfidence: 0.9,
      successRate: 1,
      averageCompleteness: 1,
      stagesAssessed: 2,
    });
    expect(quality(synthesizeMultiModal(input('standard', stages)))).toMatchObject({
      score: 0.794,
      grade: 'good',
      averageQuality: 0.56,
    });
    expect(quality(synthesizeMultiModal(input('experimental', stages)))).toMatchObject({
      score: 1,
      grade: 'excellent',
    });
  });

  it('A16: an empty stage is limited at deep (exactly .3) and poor at standard (.25)', () => {
    expect(quality(synthesizeMultiModal(input('deep', { content_analysis: {} })))).toMatchObject({
      score: 0.3,
      grade: 'limited',
      successRate: 0,
    });
    expect(quality(synthesizeMultiModal(input('standard', { content_analysis: {} })))).toMatchObject({
      score: 0.25,
      grade: 'poor',
    });
  });

  it('fuses stages with confidence above .6 with a 200-character summary, in stage order', () => {
    const long = { summary: 'y'.repeat(250) };
    const r = synthesizeMultiModal(
      input('deep', {
        threat_analysis: { confidenceLevel: 0.6, a: 1 },
        content_analysis: long,
        knowledge_integration: { confidenceLevel: 0.61 },
      }),
    );
    if (r.fallbackSynthesis) throw new Error('fell back');
    expect(r.fusedResults).toEqual([
      { stage: 'content_analysis', confidence: 0.7, summary: 'y'.repeat(200) },
      { stage: 'knowledge_integration', confidence: 0.61, summary: '{"confidenceLevel":0.61}' },
    ]);
  });

  it('adds orchestrator metadata, production readiness and quality assurance on success', () => {
    const metrics = recordRecovery(emptyRecoveryMetrics(), 'recovered', 1);
    const r = synthesizeMultiModal(
      input(
        'comprehensive',
        { content_analysis: VERIFIED, threat_analysis: { error: 'x' }, other_key: { a: 1 } },
        { recoveryMetrics: metrics, placeholderFlags: ['short_transcript'] },
      ),
    );
    expect(r).toMatchObject({
      fallbackSynthesis: false,
      orchestratorMetadata: {
        synthesisMethod: 'advanced_multi_modal',
        agentCoordination: true,
        errorRecoveryMetrics: metrics,
      },
      productionReady: true,
      qualityAssurance: {
        allStagesValidated: false,
        noPlaceholders: false,
        comprehensiveAnalysis: true,
        agentCoordinationVerified: false,
      },
    });
    expect(Object.keys(r.fallbackSynthesis ? {} : r.stageAssessments)).toEqual(['content_analysis', 'threat_analysis']);
  });

  it('puts its note in message, or in orchestratorMessage when a message exists', () => {
    const stages = { content_analysis: VERIFIED, information_verification: VERIFIED };
    const note = 'Multi-modal synthesis of 2 stage(s): excellent (score 0.900).';
    expect(synthesizeMultiModal(input('deep', stages))).toMatchObject({ message: note });
    const r = synthesizeMultiModal(input('deep', stages, { message: 'Done' }));
    expect(r).toMatchObject({ message: 'Done', orchestratorMessage: note });
    expect(synthesizeMultiModal(input('deep', stages))).not.toHaveProperty('orchestratorMessage');
  });

  it('falls back when no known stage has a value', () => {
    expect(synthesizeMultiModal(input('deep', { other_key: { a: 1 }, content_analysis: null }))).toEqual({
      fallbackSynthesis: true,
      fallbackReason: 'no stage results to synthesise',
      basicSummary: {
        url: 'https://youtu.be/x',
        workflowId: 'autointel_1_2',
        analysisDepth: 'deep',
        processingTime: 4.2,
        totalStages: 2,
      },
      availableResults: { other_key: true, content_analysis: false },
      qualityGrade: 'limited',
      requiresManualReview: true,
      productionReady: false,
    });
  });

  it('falls back with the error as reason when synthesis throws', () => {
    expect(synthesizeMultiModal(input('deep', { content_analysis: { n: 1n } }))).toMatchObject({
      fallbackSynthesis: true,
      fallbackReason: 'multi-modal synthesis failed: Do not know how to serialize a BigInt',
    });
  });
});
