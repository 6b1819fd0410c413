import { fail, ok, skip } from '../../core/result/step-result';
import { crewAssessment, crewClaimChecks, crewElsewhere, crewStages } from './crew-sections';

const S6 = ok({
  deception_score: 0.35,
  deception_analysis: {
    score: 0.35,
    indicators: [
      { kind: 'fallacies', detail: '2 logical fallacies', confidence: 0.6, severity: 'medium' },
      { kind: 'sentiment', detail: 'strongly one-sided tone', confidence: 0.8, severity: 'low' },
    ],
  },
});
const S12 = ok({
  intelligence_grade: 'B',
  threat_assessment: { level: 'medium', risk_factors: ['2 logical fallacies: straw man, slippery slope.'] },
  verification_summary: null,
  strategic_recommendations: ['Verify the claims before use.'],
});

describe('crew sections of the report', () => {
  it('reads credibility, threat, grade and recommendations from S6 and S12, with the reasons', () => {
    expect(crewAssessment({ S2: ok({}), S6, S12 })).toEqual({
      credibility: { score: 0.65, reasons: ['strongly one-sided tone (low)', '2 logical fallacies (medium)'] },
      threat: { level: 'medium', reasons: ['2 logical fallacies: straw man, slippery slope.'] },
      grade: { grade: 'B', reasons: ['threat level medium', 'no claim could be fact-checked'] },
      recommendations: ['Verify the claims before use.'],
    });
    expect(crewAssessment({ S6: skip('acquisition_failed') })).toEqual({
      credibility: null,
      threat: null,
      grade: null,
      recommendations: [],
    });
  });

  it('turns S4 items into claim checks, naming the evidence the way readers read it', () => {
    const S4 = ok({
      fact_checks: {
        items: [
          { claim: 'A.', verdict: 'supported', confidence: 0.9, source: 'knowledge_base', source_trust: 1 },
          { claim: 'B.', verdict: 'uncertain', confidence: 0.5, source: 'none', source_trust: 0 },
        ],
      },
    });
    expect(crewClaimChecks({ S4 })).toEqual([
      { claim: 'A.', verdict: 'supported', confidence: 0.9, source: 'the fact-check knowledge base' },
      { claim: 'B.', verdict: 'uncertain', confidence: 0.5, source: null },
    ]);
  });

  it('lists the stages in stage order with why one was skipped or failed', () => {
    expect(crewStages({ S10: skip('llm_unavailable'), S1: ok({}), S4: fail('processing', 'checker down') })).toEqual([
      { id: 'S1', name: 'Acquisition', status: 'ran', note: null },
      { id: 'S4', name: 'Fact checks', status: 'failed', note: 'checker down' },
      { id: 'S10', name: 'Research synthesis', status: 'skipped', note: 'llm_unavailable' },
    ]);
  });

  it('reads the well-formed mentions of S5’s answer and drops the rest', () => {
    const S5 = ok({
      search_terms: ['Harbour report', 'tide'],
      social_media_intelligence: {
        mentions: [
          { platform: 'reddit', text: ' Tides rose ', url: 'https://reddit.example/r/1' },
          { platform: 'x', text: 'no link' },
          { platform: '', text: 'no platform' },
          { platform: 'forum', text: 'bad link', url: 'javascript:alert(1)' },
          'not an object',
        ],
        other: { kept: 'in the stage data only' },
      },
    });
    expect(crewElsewhere({ S5 })).toEqual({
      terms: ['Harbour report', 'tide'],
      mentions: [
        { platform: 'reddit', text: 'Tides rose', url: 'https://reddit.example/r/1' },
        { platform: 'x', text: 'no link', url: null },
      ],
    });
    expect(crewElsewhere({ S5: ok({ social_media_intelligence: { posts: 3 } }) })).toBeNull();
    expect(crewElsewhere({ S5: skip('social_connectors_not_configured') })).toBeNull();
  });
});
