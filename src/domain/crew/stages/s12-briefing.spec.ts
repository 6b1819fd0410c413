import { fail, ok, skip } from '../../../core/result/step-result';
import { briefingStage, UNKNOWN_THREAT } from './s12-briefing';
import { qualityStage } from './s11-quality';
import type { StageResult } from './stage.types';
import { match } from '../../../../test/fixtures/matchers';

type Data = Record<string, unknown>;
const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);
const SKIPPED = skip('no_transcript');
const FAILED = fail('processing', 'x');

const s1: StageResult = ok({
  source_url: 'https://www.youtube.com/watch?v=abc',
  download: { title: 'Budget talk', platform: 'youtube', contentType: 'video/mp4' },
});
const s2: StageResult = ok({
  transcript: 'One two three. Four five six.',
  transcript_index: [{ start: 0, end: 14, time: null }],
  timeline_anchors: [],
  quality_score: 0.8,
});
const s3: StageResult = ok({
  linguistic_patterns: { words: 6 },
  sentiment: { label: 'positive', score: 0.4, positiveSentences: 3, negativeSentences: 1 },
  keywords: [
    { term: 'budget', score: 1 },
    { term: 'taxes', score: 0.5 },
  ],
  thematic_insights: ['budget', 'taxes'],
  content_metadata: { title: 'Budget talk', platform: 'youtube', word_count: 6, quality_score: 0.8 },
});
const item = { claim: 'c', verdict: 'supported', confidence: 0.7, source: 'kb', source_trust: 0.7 };
const s4 = (fallacies = 1): StageResult =>
  ok({
    fact_checks: {
      claims: ['a', 'b', 'c'],
      evidence: [{}, {}],
      evidence_count: 2,
      items: [item, item, item],
      verified_claims: 2,
      disputed_claims: 1,
      confidence: 0.7,
      backends_used: ['knowledge_base'],
    },
    logical_fallacies: Array.from({ length: fallacies }, (_, i) => ({ type: 'x', label: `Fallacy ${i + 1}` })),
    perspective_synthesis: { summary: 'The budget grew.', sentenceIndexes: [0], method: 'textrank' },
  });
const s6 = (deception_score: number): StageResult =>
  ok({
    deception_score,
    deception_analysis: {
      score: deception_score,
      indicators: [{ kind: 'emotional_bias', detail: 'loaded words', confidence: 0.6, severity: 'medium' }],
    },
    trustworthiness: {},
  });
const brief = (r1: StageResult, r2: StageResult, r3: StageResult, r4: StageResult, r6: StageResult) =>
  briefingStage(r1, r2, r3, r4, r6, qualityStage(r1, r2, r3, r4, r6), NOW) as { status: string; data: Data };

describe(briefingStage.name, () => {
  it('briefs a full run', () => {
    const quality = qualityStage(s1, s2, s3, s4(), s6(0.4));
    expect(quality).toMatchObject({ data: { ai_quality_score: 0.61, trend: 'stable' } });
    expect(briefingStage(s1, s2, s3, s4(), s6(0.4), quality, NOW)).toEqual(
      ok({
        executive_summary:
          '"Budget talk" (youtube): threat level low, deception score 0.40. 2 of 3 checked claims verified, 1 disputed. Intelligence grade A.',
        key_findings: [
          '🟡 Mixed reliability (deception score 0.40); verify key claims.',
          '1 logical fallacy detected: Fallacy 1.',
          '2 of 3 checked claims verified, 1 disputed.',
          'Analysis quality 0.61 (stable).',
        ],
        threat_assessment: {
          level: 'low',
          indicators: ['emotional_bias (medium): loaded words'],
          risk_factors: ['1 disputed claim.', '1 logical fallacy: Fallacy 1.', '1 bias indicator.'],
        },
        verification_summary: {
          claims_checked: 3,
          verified_claims: 2,
          disputed_claims: 1,
          evidence_count: 2,
          confidence: 0.7,
          backends_used: ['knowledge_base'],
        },
        research_context: {
          themes: ['budget', 'taxes'],
          keywords: ['budget', 'taxes'],
          perspective: 'The budget grew.',
        },
        strategic_recommendations: [
          'Standard handling is appropriate.',
          'Account for the prevailing positive sentiment when presenting the findings.',
          'Track the main themes: budget, taxes.',
        ],
        // S1 .5, S2 quality .8, S3 .5, S4 confidence .7, S6 .5, S11 quality .61
        confidence_metrics: { overall_confidence: 0.602, data_completeness: 1 },
        intelligence_grade: 'A',
        timestamp: '2024-05-01T12:00:00.000Z',
      }),
    );
  });

  it('rates medium and high threats from deception and fallacies, escalating a high one', () => {
    expect(brief(s1, s2, s3, s4(1), s6(0.8)).data.threat_assessment).toMatchObject({ level: 'medium' });
    const high = brief(s1, s2, s3, s4(6), s6(0.9)).data;
    expect(high.threat_assessment).toMatchObject({
      level: 'high',
      risk_factors: match.arrayContaining([
        'High deception score (0.90).',
        '6 logical fallacies: Fallacy 1, Fallacy 2, Fallacy 3.',
      ]),
    });
    expect(high.strategic_recommendations).toEqual(
      match.arrayContaining([
        'Apply enhanced scrutiny before relying on or sharing this content.',
        'Escalation required: follow up with a reviewer.',
      ]),
    );
  });

  it('reports an unknown threat and partial completeness without S6, asking for more coverage', () => {
    const { data } = brief(s1, s2, s3, s4(), skip('no verdicts'));
    expect(data.threat_assessment).toEqual({
      level: UNKNOWN_THREAT,
      indicators: [],
      risk_factors: ['1 disputed claim.', '1 logical fallacy: Fallacy 1.'],
    });
    expect((data.confidence_metrics as Data).data_completeness).toBe(0.833);
    const thin = brief(s1, SKIPPED, SKIPPED, FAILED, SKIPPED).data;
    // S1 .5 and S11's quality .55 (S1-only defaults)
    expect(thin.confidence_metrics).toEqual({ overall_confidence: 0.525, data_completeness: 0.333 });
    expect(thin.strategic_recommendations).toContain('Raise coverage: gather more sources and checks.');
    expect(thin.verification_summary).toBeNull();
  });

  it('A15: grade A–D through the briefing', () => {
    expect(brief(s1, s2, s3, s4(), s6(0.2)).data.intelligence_grade).toBe('A');
    expect(brief(s1, s2, s3, s4(), skip('no verdicts')).data.intelligence_grade).toBe('B');
    expect(brief(s1, SKIPPED, SKIPPED, s4(), s6(0.2)).data.intelligence_grade).toBe('B');
    expect(brief(s1, s2, s3, FAILED, s6(0.2)).data.intelligence_grade).toBe('C');
    expect(brief(s1, SKIPPED, SKIPPED, FAILED, s6(0.2)).data.intelligence_grade).toBe('D');
  });

  it('is skipped with acquisition_failed when S1 is not ok', () => {
    expect(briefingStage(FAILED, s2, s3, s4(), s6(0.2), SKIPPED, NOW)).toEqual(skip('acquisition_failed'));
  });
});
