import { fail, ok, skip } from '../../../core/result/step-result';
import type { Fallacy, FallacyType, Sentiment } from '../../content/analysis/analysis.types';
import type { Download } from '../../content/content.types';
import type { Verdict } from '../../content/fact-check/fact-check.types';
import { trustVerdict } from '../scoring/trust-verdict';
import { deceptionIndicators, deceptionStage } from './s6-deception';
import type { DeceptionData, FactItem } from './stage-data';
import type { StageResult } from './stage.types';

const URL = 'https://example.org/talk';
const download = (author: string | null): Download => ({
  url: URL,
  title: 'A talk',
  platform: 'web',
  duration: null,
  author,
  site: 'example.org',
  publishedAt: null,
  contentType: 'text/html',
  source: 'http',
});
const s1 = (author: string | null = 'Ann'): StageResult => ok({ source_url: URL, download: download(author) });
const s3 = (score = 0.2, uploader: string | null = null): StageResult => {
  const sentiment: Sentiment = {
    label: score < 0 ? 'negative' : 'positive',
    score,
    positiveSentences: 1,
    negativeSentences: 1,
  };
  return ok({ sentiment, content_metadata: { uploader } });
};
const fallacy = (type: FallacyType, label: string, text: string): Fallacy => ({
  type,
  label,
  sentenceIndex: 0,
  span: { start: 0, end: text.length, text },
  sentence: text,
  explanation: '',
});
const item = (verdict: Verdict, confidence: number, claim = `${verdict} claim`): FactItem => ({
  claim,
  verdict,
  confidence,
  source: 'none',
  source_trust: 0,
});
const s4 = (items: FactItem[], fallacies: Fallacy[] = [], evidenceCount = 0): StageResult =>
  ok({ fact_checks: { items, evidence_count: evidenceCount }, logical_fallacies: fallacies });
const items = (verdicts: [Verdict, number][]) =>
  verdicts.flatMap(([verdict, n]) => Array.from({ length: n }, (_, i) => item(verdict, 0.8, `${verdict} ${i}`)));

function data(result: StageResult): DeceptionData {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.data as unknown as DeceptionData;
}

describe(deceptionIndicators.name, () => {
  it('derives fallacy, refuted, mixed and emotional-language indicators by the documented rules, in that order', () => {
    const fallacies = [
      fallacy('ad_hominem', 'Ad hominem', 'you idiot'),
      fallacy('slippery_slope', 'Slippery slope', 'next they will'),
    ];
    expect(
      deceptionIndicators(
        s3(-0.6),
        s4([item('supported', 0.9), item('refuted', 0.75), item('mixed', 0.55), item('uncertain', 0.5)], fallacies),
      ),
    ).toEqual([
      { kind: 'fallacy', detail: 'Ad hominem: "you idiot"', confidence: 0.7, severity: 'high' },
      { kind: 'fallacy', detail: 'Slippery slope: "next they will"', confidence: 0.7, severity: 'medium' },
      { kind: 'refuted_claim', detail: 'refuted claim', confidence: 0.75, severity: 'high' },
      { kind: 'mixed_claim', detail: 'mixed claim', confidence: 0.55, severity: 'low' },
      { kind: 'emotional_language', detail: 'negative sentiment (-0.6)', confidence: 0.6, severity: 'medium' },
    ]);
  });

  it('counts sentiment as emotional from |score| .5 on, and ignores stages that are not ok', () => {
    expect(deceptionIndicators(s3(0.5), skip('no_transcript')).map((i) => [i.kind, i.confidence])).toEqual([
      ['emotional_language', 0.5],
    ]);
    expect(deceptionIndicators(s3(0.49), skip('no_transcript'))).toEqual([]);
    expect(deceptionIndicators(fail('processing', 'x'), fail('processing', 'y'))).toEqual([]);
  });
});

describe(deceptionStage.name, () => {
  it('scores the composite over the indicators, the tool score as the refuted share, truth and trust from the items', () => {
    const d = data(
      deceptionStage(
        s1(),
        s3(-0.4),
        s4(
          [item('supported', 0.9), item('refuted', 0.7), item('mixed', 0.6), item('uncertain', 0.5)],
          [fallacy('post_hoc', 'Post hoc', 'so it caused')],
          2,
        ),
      ),
    );
    // (.7·.6 + .7·1 + .6·.3) / (.6 + 1 + .3) = 1.3 / 1.9
    expect(d.deception_score).toBe(0.684);
    expect(d.deception_analysis.score).toBe(0.25);
    expect(d.deception_analysis.indicators.map((i) => i.kind)).toEqual(['fallacy', 'refuted_claim', 'mixed_claim']);
    expect(d.truth_scoring).toMatchObject({ status: 'ok', truth_score: 0.5, true_count: 1, false_count: 1 });
    expect((d.truth_scoring.verdicts as { verdict: string }[]).map((v) => v.verdict)).toEqual([
      'supported',
      'false',
      'mixed',
      'uncertain',
    ]);
    expect(d.trustworthiness).toEqual({
      subject: 'Ann',
      verdict: false,
      basis: 'truth_score',
      truth_score: 0.5,
      threshold: 0.55,
    });
    expect(d.scoring_methodology).toMatchObject({
      severity_weights: { low: 0.3, medium: 0.6, high: 1, other: 0.5 },
      verdict_source: 'factcheck',
      rounding: 3,
    });
  });

  it('A13: truth .55 → true, .54 → false; no truth → majority', () => {
    const at55 = data(
      deceptionStage(
        s1(),
        s3(),
        s4(
          items([
            ['supported', 11],
            ['refuted', 9],
          ]),
        ),
      ),
    );
    const at54 = data(
      deceptionStage(
        s1(),
        s3(),
        s4(
          items([
            ['supported', 27],
            ['refuted', 23],
          ]),
        ),
      ),
    );
    expect([at55.trustworthiness.truth_score, at55.trustworthiness.verdict]).toEqual([0.55, true]);
    expect([at54.trustworthiness.truth_score, at54.trustworthiness.verdict]).toEqual([0.54, false]);
    // Without a truth score the trust verdict is the majority (a tie is truthful); with no booleans at all it is false.
    expect([
      trustVerdict({ truthScore: null, booleans: [true, false, true] }),
      trustVerdict({ truthScore: null, booleans: [false, true, false] }),
    ]).toEqual([true, false]);
    const none = data(
      deceptionStage(
        s1(),
        s3(),
        s4(
          items([
            ['mixed', 2],
            ['uncertain', 1],
          ]),
        ),
      ),
    );
    expect([
      none.truth_scoring.status,
      none.truth_scoring.reason,
      none.trustworthiness.basis,
      none.trustworthiness.verdict,
    ]).toEqual(['skipped', 'no verdicts', 'majority', false]);
  });

  it.each([
    [0, 'uncertain', 0.3],
    [2, 'uncertain', 0.4],
    [3, 'needs context', 0.6],
  ])(
    'uses one synthetic verdict without fact items: %i evidence → %s %d; truth is skipped',
    (evidenceCount, verdict, confidence) => {
      const d = data(deceptionStage(s1(), s3(), s4([], [], evidenceCount)));
      expect(d.truth_scoring).toEqual({
        status: 'skipped',
        reason: 'no verdicts',
        verdicts: [{ verdict, confidence, claim: null, source: 'evidence_count', sourceTrust: null, salience: 1 }],
      });
      expect(d.scoring_methodology.verdict_source).toBe('evidence_count');
    },
  );

  it('falls back to the tool score (0 here) when there are no indicators, and works with S3 and S4 missing', () => {
    const d = data(deceptionStage(s1(), skip('no_transcript'), skip('no_transcript')));
    expect([d.deception_score, d.deception_analysis]).toEqual([0, { score: 0, indicators: [] }]);
  });

  it('takes the trust subject from the author, then S3’s uploader, then the download URL', () => {
    const subject = (r: StageResult) => data(r).trustworthiness.subject;
    expect([
      subject(deceptionStage(s1('Ann'), s3(0, 'Chan'), s4([]))),
      subject(deceptionStage(s1(null), s3(0, 'Chan'), s4([]))),
      subject(deceptionStage(s1(null), skip('no_transcript'), s4([]))),
    ]).toEqual(['Ann', 'Chan', URL]);
  });

  it('is skipped with acquisition_failed when S1 is not ok', () => {
    expect(deceptionStage(fail('processing', 'all qualities failed'), s3(), s4([]))).toEqual(
      skip('acquisition_failed'),
    );
  });
});
