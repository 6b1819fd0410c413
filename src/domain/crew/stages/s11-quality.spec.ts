import { fail, ok, skip } from '../../../core/result/step-result';
import { qualityDimensions, qualityInputs, qualityStage } from './s11-quality';
import type { StageResult } from './stage.types';

type Data = Record<string, unknown>;
const SKIPPED = skip('no_transcript');

const s1 = (): StageResult =>
  ok({
    source_url: 'https://www.youtube.com/watch?v=abc',
    download: { title: 'Budget talk', platform: 'youtube', contentType: 'video/mp4' },
  });
/** Five sentences of `words` words each. */
const s2 = (words = 6, over: Data = {}): StageResult =>
  ok({
    transcript: Array.from({ length: 5 }, () => `${'word '.repeat(words - 1)}end.`).join(' '),
    transcript_index: [{ start: 0, end: 5, time: null }],
    timeline_anchors: [],
    ...over,
  });
const sentiment = (positiveSentences: number, negativeSentences: number, label = 'positive') => ({
  label,
  score: 0.4,
  positiveSentences,
  negativeSentences,
});
const s3 = (over: Data = {}): StageResult =>
  ok({
    linguistic_patterns: { words: 30, sentences: 5 },
    sentiment: sentiment(3, 1),
    content_metadata: { title: 'Budget talk', platform: 'youtube', word_count: 30, quality_score: 1 },
    ...over,
  });
const item = (source_trust: number) => ({
  claim: 'c',
  verdict: 'supported',
  confidence: 0.7,
  source: 'kb',
  source_trust,
});
const fallacy = (label: string) => ({ type: label.toLowerCase().replace(/ /g, '_'), label });
const s4 = (over: Data = {}, fallacies = 1): StageResult =>
  ok({
    fact_checks: {
      claims: ['a', 'b', 'c'],
      evidence: [{}, {}],
      evidence_count: 2,
      items: [item(0.9), item(0.6), item(0.6)],
      verified_claims: 2,
      disputed_claims: 1,
      confidence: 0.7,
      ...over,
    },
    logical_fallacies: Array.from({ length: fallacies }, (_, i) => fallacy(`Fallacy ${i + 1}`)),
  });
const s6 = (trustworthiness: Data = { score: 0.9 }): StageResult =>
  ok({
    deception_score: 0.4,
    deception_analysis: {
      score: 0.4,
      indicators: [
        { kind: 'emotional_bias', detail: 'loaded words', confidence: 0.6, severity: 'medium' },
        { kind: 'fallacy', detail: 'x', confidence: 0.5, severity: 'low' },
      ],
    },
    trustworthiness,
  });

describe(qualityStage.name, () => {
  it('scores the six dimensions of a full run from the stages it reads', () => {
    const result = qualityStage(s1(), s2(), s3(), s4(), s6());
    expect(result).toEqual(
      ok({
        // coherence .5 + .1 segments + .1 patterns + .05 sentiment + .1 metadata; accuracy .3 + .5·2/3 + .04·2;
        // credibility ((.5 + mean trust .7)/2 + .05 + .05 + .9)/2; balance .7 − .1 − .3·2/4; calm 1 − .5·.5; logic .6 − .1
        quality_dimensions: {
          content_coherence: 0.85,
          factual_accuracy: 0.713,
          source_credibility: 0.8,
          bias_detection: 0.45,
          emotional_manipulation: 0.75,
          logical_consistency: 0.5,
        },
        ai_quality_score: 0.677,
        trend: 'stable',
        recommendations: ['Monitor balance (0.45).', 'Monitor logical consistency (0.50).'],
        suggestions: ['Watch: balance (0.45).', 'Watch: logical consistency (0.50).'],
        suggestion_context: { title: 'Budget talk', platform: 'youtube', validated_sources: false },
        confidence_interval: { lower: 0.546, upper: 0.808, level: 0.95, mean: 0.677, n: 6 },
        learning_opportunities: [
          'Capture timeline anchors to tie findings to moments in the media.',
          'Study the 1 bias indicator(s) to refine the bias model.',
        ],
      }),
    );
  });

  it("falls back to the scorers' defaults when only S1 has data", () => {
    const result = qualityStage(s1(), SKIPPED, SKIPPED, fail('processing', 'x'), skip('no verdicts'));
    expect(result).toMatchObject({
      status: 'ok',
      data: {
        quality_dimensions: {
          content_coherence: 0.3,
          factual_accuracy: 0.5,
          source_credibility: 0.6,
          bias_detection: 0.7,
          emotional_manipulation: 0.6,
          logical_consistency: 0.6,
        },
        ai_quality_score: 0.55,
        trend: 'stable',
        recommendations: [
          'Urgent: content coherence is low (0.30); obtain a fuller transcript and re-run the structural analysis.',
          'Monitor factual accuracy (0.50).',
        ],
      },
    });
    expect((result as { data: Data }).data.learning_opportunities).toHaveLength(3);
  });

  it('is skipped with acquisition_failed when S1 is not ok', () => {
    expect(qualityStage(fail('unavailable', 'down'), s2(), s3(), s4(), s6())).toEqual(skip('acquisition_failed'));
  });

  describe('A15 boundaries', () => {
    // coherence .85 (long transcript, no metadata), accuracy 1 (1 verified, 5 evidence), credibility .6,
    // balance .65 (even counts, neutral), calm 1 (no swing), logic .6 − .1·fallacies.
    const run = (fallacies: number) =>
      qualityStage(
        s1(),
        s2(26),
        s3({ content_metadata: undefined, sentiment: sentiment(2, 2, 'neutral') }),
        s4({ items: [], verified_claims: 1, disputed_claims: 0, evidence: [1, 2, 3, 4, 5] }, fallacies),
        skip('no verdicts'),
      ) as { data: Data };

    it('A15: the AI quality score is the plain mean of the six dimensions', () => {
      const { data } = run(2);
      expect(data.quality_dimensions).toEqual({
        content_coherence: 0.85,
        factual_accuracy: 1,
        source_credibility: 0.6,
        bias_detection: 0.65,
        emotional_manipulation: 1,
        logical_consistency: 0.4,
      });
      expect(data.ai_quality_score).toBe(0.75);
    });

    it('A15: trend is improving at .75 and stable just below', () => {
      expect(run(2).data.trend).toBe('improving');
      expect(run(3).data).toMatchObject({ ai_quality_score: 0.733, trend: 'stable' });
    });

    it('A15: trend is stable at .5 and declining just below', () => {
      // only S1 without source URL or platform: .3 + .5 + .5 + .7 + .6 + (.6 − .1·fallacies)
      const bare = (fallacies: number) =>
        qualityStage(
          ok({ download: {} }),
          SKIPPED,
          SKIPPED,
          s4({ verified_claims: 0, disputed_claims: 0, evidence: [], items: [] }, fallacies),
          SKIPPED,
        ) as { data: Data };
      expect(bare(2).data).toMatchObject({ ai_quality_score: 0.5, trend: 'stable' });
      expect(bare(3).data).toMatchObject({ ai_quality_score: 0.483, trend: 'declining' });
    });
  });
});

describe(qualityInputs.name, () => {
  it('feeds logical consistency from the S4 fallacies (⚠ fixed), not from threat data', () => {
    const inputs = qualityInputs(s1(), s2(), s3(), s4({}, 4), s6());
    expect(inputs.logic).toEqual({ fallacyCount: 4 });
    expect(qualityDimensions(inputs).logicalConsistency).toBe(0.2);
    expect(inputs.fallacyNames).toEqual(['Fallacy 1', 'Fallacy 2', 'Fallacy 3', 'Fallacy 4']);
  });

  it('counts bias lists of S4 and S6 and S6 indicators about bias', () => {
    const withLists = ok({ ...(s6() as { data: Data }).data, bias_indicators: ['a', 'b'] });
    expect(qualityInputs(s1(), s2(), s3(), s4({}), withLists).bias.biasSignals).toBe(3);
  });

  it('uses S6 trustworthiness as a credibility assessment only when it is numeric', () => {
    expect(qualityDimensions(qualityInputs(s1(), s2(), s3(), s4(), s6({ overall: 0.5 }))).sourceCredibility).toBe(0.6);
    expect(qualityDimensions(qualityInputs(s1(), s2(), s3(), s4(), s6({ score: 'high' }))).sourceCredibility).toBe(0.7);
  });
});
