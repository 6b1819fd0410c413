import { ok, skip } from '../../../core/result/step-result';
import type { FallacyType, Verdict } from '../../content';
import { compositeDeceptionScore, SEVERITY_WEIGHTS } from '../scoring/deception';
import { score3 } from '../scoring/score-math';
import {
  scoringVerdicts,
  TRUST_THRESHOLD,
  trustSubject,
  truthInputs,
  truthScore,
  trustVerdict,
} from '../scoring/trust-verdict';
import type {
  AcquisitionData,
  ContentAnalysisData,
  DeceptionData,
  DeceptionIndicator,
  FactAnalysisData,
} from './stage-data';
import type { StageResult } from './stage.types';

/** Fallacies that attack or distort rather than merely weaken an argument: high severity; the rest are medium. */
export const HIGH_SEVERITY_FALLACIES: readonly FallacyType[] = [
  'ad_hominem',
  'straw_man',
  'false_dilemma',
  'loaded_question',
];
/** Confidence of a fallacy indicator (the original's default for a detected fallacy). */
export const FALLACY_CONFIDENCE = 0.7;
/** |sentiment score| at or above which the language counts as emotionally loaded. */
export const EMOTIONAL_SENTIMENT = 0.5;

/**
 * Our verdicts in the original's truth vocabulary: `refuted` is "false" (in the false set); `supported` is already
 * in the true set; `mixed` and `uncertain` are in neither, so the truth score drops them.
 */
const TRUTH_LABEL: Readonly<Record<Verdict, string>> = {
  supported: 'supported',
  refuted: 'false',
  mixed: 'mixed',
  uncertain: 'uncertain',
};

const factsOf = (s4: StageResult) => (s4.status === 'ok' ? (s4.data as unknown as FactAnalysisData) : undefined);

/**
 * The deception indicators of a run, derived from S3 and S4 by fixed rules, in this order:
 * - each fallacy → `fallacy`, confidence .7, severity high for ad hominem / straw man / false dilemma / loaded
 *   question, medium otherwise;
 * - each refuted claim → `refuted_claim`, high, with the fact check's confidence;
 * - each mixed claim → `mixed_claim`, low, with the fact check's confidence;
 * - sentiment with |score| ≥ .5 → `emotional_language`, medium, confidence |score|.
 * A stage that is not ok contributes nothing.
 */
export function deceptionIndicators(s3: StageResult, s4: StageResult): DeceptionIndicator[] {
  const indicators: DeceptionIndicator[] = [];
  const facts = factsOf(s4);
  for (const fallacy of facts?.logical_fallacies ?? []) {
    const severity = HIGH_SEVERITY_FALLACIES.includes(fallacy.type) ? 'high' : 'medium';
    indicators.push({
      kind: 'fallacy',
      detail: `${fallacy.label}: "${fallacy.span.text}"`,
      confidence: FALLACY_CONFIDENCE,
      severity,
    });
  }
  const items = facts?.fact_checks.items ?? [];
  for (const item of items.filter((i) => i.verdict === 'refuted'))
    indicators.push({ kind: 'refuted_claim', detail: item.claim, confidence: item.confidence, severity: 'high' });
  for (const item of items.filter((i) => i.verdict === 'mixed'))
    indicators.push({ kind: 'mixed_claim', detail: item.claim, confidence: item.confidence, severity: 'low' });
  if (s3.status === 'ok') {
    const { sentiment } = s3.data as unknown as ContentAnalysisData;
    const strength = Math.abs(sentiment.score);
    if (strength >= EMOTIONAL_SENTIMENT) {
      indicators.push({
        kind: 'emotional_language',
        detail: `${sentiment.label} sentiment (${sentiment.score})`,
        confidence: score3(strength),
        severity: 'medium',
      });
    }
  }
  return indicators;
}

/**
 * S6 deception scoring:
 * - verdicts: S4's items (verdicts mapped onto the original's truth labels), or one synthetic verdict by evidence
 *   count (0 → uncertain .3, 1–2 → uncertain .4, ≥ 3 → "needs context" .6);
 * - truth score: share of true among the verdicts in the true/false sets, or `{status:'skipped', reason:'no verdicts'}`;
 * - trust: subject = author → S3 uploader → download URL → "unknown" (our Download has no uploader or channel
 *   field; `author` holds either); verdict = truth score ≥ .55, without one the majority of the booleans;
 * - deception score: the composite over {@link deceptionIndicators}, or, with no indicators, the tool score =
 *   the refuted share of the checked claims (0 without claims).
 * All scores round to 3 decimals. Skipped with `acquisition_failed` when S1 is not ok; S3 and S4 may be missing.
 */
export function deceptionStage(s1: StageResult, s3: StageResult, s4: StageResult): StageResult {
  if (s1.status !== 'ok') return skip('acquisition_failed');
  const acquired = s1.data as unknown as AcquisitionData;
  const facts = factsOf(s4);
  const items = facts?.fact_checks.items ?? [];
  const verdicts = scoringVerdicts(
    items.map((item) => ({
      claim: item.claim,
      verdict: TRUTH_LABEL[item.verdict] ?? item.verdict,
      confidence: item.confidence,
      sourceTrust: item.source_trust,
    })),
    facts?.fact_checks.evidence_count ?? 0,
  );
  const booleans = truthInputs(verdicts);
  const truth = truthScore(booleans);
  const trues = booleans.filter(Boolean).length;
  const metadata = s3.status === 'ok' ? (s3.data as unknown as ContentAnalysisData).content_metadata : null;
  const subject = trustSubject({
    author: acquired.download.author,
    contentMetadata: { uploader: metadata?.uploader },
    downloadUrl: acquired.download.url || acquired.source_url,
  });
  const indicators = deceptionIndicators(s3, s4);
  const toolScore = score3(items.length > 0 ? items.filter((i) => i.verdict === 'refuted').length / items.length : 0);
  const data: DeceptionData = {
    deception_score: compositeDeceptionScore(indicators, toolScore),
    deception_analysis: { score: toolScore, indicators },
    truth_scoring:
      truth === null
        ? { status: 'skipped', reason: 'no verdicts', verdicts }
        : { status: 'ok', truth_score: truth, true_count: trues, false_count: booleans.length - trues, verdicts },
    trustworthiness: {
      subject,
      verdict: trustVerdict({ truthScore: truth, booleans }),
      basis: truth === null ? 'majority' : 'truth_score',
      truth_score: truth,
      threshold: TRUST_THRESHOLD,
    },
    scoring_methodology: {
      deception_score:
        'composite Σ confidence·w / Σ w over the indicators; no indicators → tool score (refuted share of checked claims)',
      severity_weights: { ...SEVERITY_WEIGHTS, other: 0.5 },
      indicator_rules: {
        fallacy: `confidence ${FALLACY_CONFIDENCE}; high for ${HIGH_SEVERITY_FALLACIES.join(', ')}, else medium`,
        refuted_claim: 'high, fact-check confidence',
        mixed_claim: 'low, fact-check confidence',
        emotional_language: `medium when |sentiment| ≥ ${EMOTIONAL_SENTIMENT}, confidence |sentiment|`,
      },
      truth_score:
        'share of true among true/false verdicts (supported → true, refuted → false; mixed and uncertain dropped)',
      trust_verdict: `truth score ≥ ${TRUST_THRESHOLD}; without one, true count ≥ false count`,
      verdict_source: verdicts[0]?.source ?? 'evidence_count',
      rounding: 3,
    },
  };
  return ok({ ...data });
}
