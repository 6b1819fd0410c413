import { improvementSuggestions, learningOpportunities, qualityRecommendations } from './quality-advice';

const DIMS = { logicalConsistency: 0.6, biasDetection: 0.59, factualAccuracy: 0.39, sourceCredibility: 0.4 };

describe(qualityRecommendations.name, () => {
  it('A15: < .4 is urgent with advice and score (2 dp), < .6 is monitored, .6 is fine; in dimension order', () => {
    expect(qualityRecommendations({ dimensions: DIMS, overallScore: 0.5, hasFactChecks: true })).toEqual([
      'Urgent: factual accuracy is low (0.39); check more claims against independent sources.',
      'Monitor source credibility (0.40).',
      'Monitor balance (0.59).',
    ]);
  });

  it('A15: an overall score ≥ .8 adds "maintain", naming the title when known', () => {
    expect(
      qualityRecommendations({ dimensions: {}, overallScore: 0.8, title: 'Tide tables', hasFactChecks: false }),
    ).toEqual(['Maintain the current analysis standard for "Tide tables".']);
    expect(qualityRecommendations({ dimensions: {}, overallScore: 0.9, title: ' ', hasFactChecks: false })).toEqual([
      'Maintain the current analysis standard.',
    ]);
  });

  it('A15: nothing to say → "coverage comprehensive" with fact checks, else "add fact-checking"', () => {
    expect(
      qualityRecommendations({ dimensions: { factualAccuracy: 0.7 }, overallScore: 0.79, hasFactChecks: true }),
    ).toEqual(['Analysis coverage is comprehensive.']);
    expect(qualityRecommendations({ dimensions: {}, overallScore: 0.79, hasFactChecks: false })).toEqual([
      'Add fact-checking to strengthen the analysis.',
    ]);
  });
});

describe(improvementSuggestions.name, () => {
  it('A15: < .4 is a priority, < .6 a watch item; the context is echoed', () => {
    expect(improvementSuggestions(DIMS, { title: 'T', platform: 'youtube', validatedSources: true })).toEqual({
      suggestions: [
        'Priority: improve factual accuracy (0.39).',
        'Watch: source credibility (0.40).',
        'Watch: balance (0.59).',
      ],
      context: { title: 'T', platform: 'youtube', validatedSources: true },
    });
  });

  it('A15: all at or above .6 → "all above target"', () => {
    expect(improvementSuggestions({ contentCoherence: 0.6 })).toEqual({
      suggestions: ['All quality dimensions are above target.'],
      context: { title: null, platform: null, validatedSources: false },
    });
  });
});

describe(learningOpportunities.name, () => {
  it('A15: one item per gap, in order, and one for bias indicators', () => {
    expect(
      learningOpportunities({
        hasTranscriptIndex: false,
        hasTimelineAnchors: false,
        hasFactChecks: false,
        biasIndicatorCount: 2,
      }),
    ).toEqual([
      'Build a transcript index to make the content searchable.',
      'Capture timeline anchors to tie findings to moments in the media.',
      'Run fact checks so accuracy can be measured.',
      'Study the 2 bias indicator(s) to refine the bias model.',
    ]);
  });

  it('A15: nothing missing → capture retrospectives', () => {
    expect(
      learningOpportunities({
        hasTranscriptIndex: true,
        hasTimelineAnchors: true,
        hasFactChecks: true,
        biasIndicatorCount: 0,
      }),
    ).toEqual(['Capture retrospectives from this run to keep improving.']);
  });
});
