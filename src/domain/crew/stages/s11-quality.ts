import { ok, skip } from '../../../core/result/step-result';
import {
  aiQualityScore,
  biasDetection,
  confidenceInterval,
  contentCoherence,
  emotionalManipulation,
  factualAccuracy,
  improvementSuggestions,
  learningOpportunities,
  logicalConsistency,
  qualityRecommendations,
  qualityTrend,
  sourceCredibility,
  type BiasInput,
  type CoherenceInput,
  type CredibilityInput,
  type EmotionInput,
  type FactTally,
  type LogicInput,
  type QualityDimensions,
} from '../scoring';
import { countOf, finite, isNonEmpty, mean } from '../scoring/score-math';
import type {
  AcquisitionData,
  ContentAnalysisData,
  DeceptionData,
  FactAnalysisData,
  TranscriptionData,
} from './stage-data';
import type { StageResult } from './stage.types';

const okData = <T>(r: StageResult): T | undefined => (r.status === 'ok' ? (r.data as unknown as T) : undefined);
type Loose<T> = { readonly [K in keyof T]?: T[K] | null } & Readonly<Record<string, unknown>>;

/** A fallacy's readable name: its label, else its type (S4 objects; tolerant of other shapes). */
const fallacyLabel = (f: unknown): string => {
  const { label, type } = (f ?? {}) as { label?: unknown; type?: unknown };
  return typeof label === 'string' && label ? label : typeof type === 'string' && type ? type : 'unnamed fallacy';
};

/** What the S11 scorers read, taken from the earlier stages' data, plus the facts the advice needs. */
export interface QualityInputs {
  readonly coherence: CoherenceInput;
  readonly facts: readonly FactTally[];
  readonly credibility: CredibilityInput;
  readonly bias: BiasInput;
  readonly emotion: EmotionInput;
  readonly logic: LogicInput;
  readonly title: string | null;
  readonly platform: string | null;
  /** S4 checked something: items, claims or evidence. */
  readonly hasFactChecks: boolean;
  readonly hasTranscript: boolean;
  readonly hasTranscriptIndex: boolean;
  readonly hasTimelineAnchors: boolean;
  /** Names of S4's fallacies, in order. */
  readonly fallacyNames: readonly string[];
  /** S6's deception score, when S6 ran. */
  readonly deceptionScore: number | undefined;
}

/**
 * The one adapter from our stage shapes to the quality scorers' inputs (a non-ok stage contributes nothing):
 * - coherence: S2 transcript; S3 `linguistic_patterns`, `sentiment` and `content_metadata`.
 * - factual accuracy: S4 `fact_checks` (verified/disputed counts, evidence) — our only fact-check block.
 * - credibility: no source-validation step exists here, so `validated` stays unknown; the mean `source_trust` of
 *   S4's items stands for the knowledge base's `source_reliability` (S7 stores S4's checks as those results);
 *   S1 `source_url` and platform; S6 `trustworthiness.score|overall` as the credibility assessment when numeric.
 * - bias: signals = `bias_indicators` lists of S4/S6 plus S6 indicators whose kind mentions bias; S3 sentence
 *   counts and label. Emotion: S3 positive/negative sentence counts (the polarity score is not an intensity).
 * - logic: S4 `logical_fallacies` (⚠ fixed: the original fed threat data here).
 */
export function qualityInputs(
  s1: StageResult,
  s2: StageResult,
  s3: StageResult,
  s4: StageResult,
  s6: StageResult,
): QualityInputs {
  const acquired = okData<Loose<AcquisitionData>>(s1);
  const transcription = okData<Loose<TranscriptionData>>(s2);
  const analysis = okData<Loose<ContentAnalysisData>>(s3);
  const facts = okData<Loose<FactAnalysisData>>(s4);
  const deception = okData<Loose<DeceptionData>>(s6);
  const meta = analysis?.content_metadata;
  const checks = facts?.fact_checks;
  const sentiment = analysis?.sentiment;
  const trust = deception?.trustworthiness ?? {};
  const sourceTrust = (checks?.items ?? [])
    .map((i) => finite(i.source_trust))
    .filter((v): v is number => v !== undefined);
  const biasKinds = (deception?.deception_analysis?.indicators ?? []).filter((i) => /bias/i.test(i.kind)).length;
  const fallacies = facts?.logical_fallacies ?? [];
  const title = meta?.title ?? acquired?.download?.title ?? null;
  const platform = meta?.platform ?? acquired?.download?.platform ?? null;
  return {
    coherence: {
      transcript: transcription?.transcript ?? null,
      linguisticPatterns: analysis?.linguistic_patterns,
      sentiment,
      contentMetadata: meta && {
        title: meta.title,
        platform: meta.platform,
        wordCount: meta.word_count,
        qualityScore: meta.quality_score,
      },
    },
    facts: checks
      ? [{ verifiedClaims: checks.verified_claims, disputedClaims: checks.disputed_claims, evidence: checks.evidence }]
      : [],
    credibility: {
      sourceReliability: sourceTrust.length > 0 ? mean(sourceTrust) : null,
      sourceUrl: acquired?.source_url,
      platform,
      credibilityAssessment: { score: finite(trust.score), overall: finite(trust.overall) },
    },
    bias: {
      biasSignals:
        countOf(facts?.bias_indicators as unknown[] | undefined) +
        countOf(deception?.bias_indicators as unknown[] | undefined) +
        biasKinds,
      positive: sentiment?.positiveSentences,
      negative: sentiment?.negativeSentences,
      overallSentiment: sentiment?.label,
    },
    emotion: {
      sentiment: sentiment && { positive: sentiment.positiveSentences, negative: sentiment.negativeSentences },
    },
    logic: { fallacyCount: fallacies.length },
    title,
    platform,
    hasFactChecks: countOf(checks?.items) + countOf(checks?.claims) + countOf(checks?.evidence_count) > 0,
    hasTranscript: isNonEmpty(transcription?.transcript),
    hasTranscriptIndex: isNonEmpty(transcription?.transcript_index),
    hasTimelineAnchors: isNonEmpty(transcription?.timeline_anchors),
    fallacyNames: fallacies.map((f: unknown) => (typeof f === 'string' ? f : fallacyLabel(f))),
    deceptionScore: finite(deception?.deception_score),
  };
}

/** The six quality dimensions of the adapted inputs. */
export function qualityDimensions(inputs: QualityInputs): QualityDimensions {
  return {
    contentCoherence: contentCoherence(inputs.coherence),
    factualAccuracy: factualAccuracy(inputs.facts),
    sourceCredibility: sourceCredibility(inputs.credibility),
    biasDetection: biasDetection(inputs.bias),
    emotionalManipulation: emotionalManipulation(inputs.emotion),
    logicalConsistency: logicalConsistency(inputs.logic),
  };
}

/**
 * S11 AI quality assessment: the six dimensions (snake_case keys), the AI quality
 * score (their mean), its trend (`≥ .75` improving, `≥ .5` stable), recommendations, suggestions with their
 * context, a 95 % confidence interval over the six values (⚠ fixed: the original always gave [0, 1]) and
 * learning opportunities. Skipped with `acquisition_failed` when S1 is not ok; every other stage is optional.
 */
export function qualityStage(
  s1: StageResult,
  s2: StageResult,
  s3: StageResult,
  s4: StageResult,
  s6: StageResult,
): StageResult {
  if (s1.status !== 'ok') return skip('acquisition_failed');
  const inputs = qualityInputs(s1, s2, s3, s4, s6);
  const dims = qualityDimensions(inputs);
  const score = aiQualityScore(dims);
  const advice = improvementSuggestions(dims, {
    title: inputs.title,
    platform: inputs.platform,
    validatedSources: inputs.credibility.validated,
  });
  return ok({
    quality_dimensions: {
      content_coherence: dims.contentCoherence,
      factual_accuracy: dims.factualAccuracy,
      source_credibility: dims.sourceCredibility,
      bias_detection: dims.biasDetection,
      emotional_manipulation: dims.emotionalManipulation,
      logical_consistency: dims.logicalConsistency,
    },
    ai_quality_score: score,
    trend: qualityTrend(score),
    recommendations: qualityRecommendations({
      dimensions: dims,
      overallScore: score,
      title: inputs.title,
      hasFactChecks: inputs.hasFactChecks,
    }),
    suggestions: advice.suggestions,
    suggestion_context: {
      title: advice.context.title,
      platform: advice.context.platform,
      validated_sources: advice.context.validatedSources,
    },
    confidence_interval: confidenceInterval(Object.values(dims)),
    learning_opportunities: learningOpportunities({
      hasTranscriptIndex: inputs.hasTranscriptIndex,
      hasTimelineAnchors: inputs.hasTimelineAnchors,
      hasFactChecks: inputs.hasFactChecks,
      biasIndicatorCount: inputs.bias.biasSignals,
    }),
  });
}
