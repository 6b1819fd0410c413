import { clamp01, countOf, finite, isNonEmpty, lookup, score3 } from './score-math';

/** What {@link contentCoherence} reads: the transcript (S2) and the content analysis (S3). */
export interface CoherenceInput {
  readonly transcript?: string | null;
  /** S3 `linguistic_patterns`; counts when non-empty. */
  readonly linguisticPatterns?: unknown;
  /** S3 sentiment block; counts when non-empty. */
  readonly sentiment?: unknown;
  /** S3 `content_metadata`: each of the four fields that is not null adds .025. */
  readonly contentMetadata?: {
    readonly title?: string | null;
    readonly platform?: string | null;
    readonly wordCount?: number | null;
    readonly qualityScore?: number | null;
  } | null;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * Content coherence:
 * `.5 + .1·[words > 100] − .2·[words < 20] + .1·[segments > 3] + .1·[linguistic patterns] + .05·[sentiment]
 * + .1 × (non-null of title, platform, word_count, quality_score)/4`, clamped, round3.
 * Words are whitespace-separated tokens; a missing transcript counts as 0 words (so −.2).
 * Segments are the non-blank pieces between periods (the original also counted the empty piece after a
 * final period, so three sentences passed "> 3"; we count real segments only).
 */
export function contentCoherence(input: CoherenceInput): number {
  const transcript = input.transcript ?? '';
  const words = wordCount(transcript);
  let score = 0.5;
  if (words > 100) score += 0.1;
  else if (words < 20) score -= 0.2;
  if (transcript.split('.').filter((s) => s.trim().length > 0).length > 3) score += 0.1;
  if (isNonEmpty(input.linguisticPatterns)) score += 0.1;
  if (isNonEmpty(input.sentiment)) score += 0.05;
  const meta = input.contentMetadata ?? {};
  const present = [meta.title, meta.platform, meta.wordCount, meta.qualityScore].filter(
    (v) => v !== null && v !== undefined,
  ).length;
  return score3(score + (0.1 * present) / 4);
}

/** One fact-check block as S4 (or a verification agent) reports it; counts may be numbers or lists. */
export interface FactTally {
  readonly verifiedClaims?: number | readonly unknown[] | null;
  readonly disputedClaims?: number | readonly unknown[] | null;
  readonly evidence?: readonly unknown[] | null;
}

/**
 * Factual accuracy over every fact-check block found (verification.fact_checks,
 * verification.fact_verification, fact_data.fact_checks; pass the missing ones as null).
 * With V verified, D disputed and E evidence items summed over the blocks:
 * `.5` when V + D = 0, else `.3 + .5·V/(V+D)`; then `+ .04·min(E, 5)` when E > 0; clamped, round3.
 */
export function factualAccuracy(tallies: readonly (FactTally | null | undefined)[]): number {
  let verified = 0;
  let disputed = 0;
  let evidence = 0;
  for (const t of tallies) {
    if (!t) continue;
    verified += countOf(t.verifiedClaims);
    disputed += countOf(t.disputedClaims);
    evidence += countOf(t.evidence);
  }
  const claims = verified + disputed;
  let score = claims > 0 ? 0.3 + (0.5 * verified) / claims : 0.5;
  if (evidence > 0) score += 0.04 * Math.min(evidence, 5);
  return score3(score);
}

/** Reliability words a knowledge base may use instead of a number. */
export const RELIABILITY_WORDS: Readonly<Record<string, number>> = { high: 0.85, medium: 0.6, low: 0.3 };

/** What {@link sourceCredibility} reads. */
export interface CredibilityInput {
  /** `source_validation.validated`: true → .85, false → .35, absent → .5. */
  readonly validated?: boolean | null;
  /** `knowledge.fact_check_results.source_reliability`: a number (clamped) or high/medium/low (other words .5). */
  readonly sourceReliability?: number | string | null;
  /** `content_metadata.source_url`: +.05 when present. */
  readonly sourceUrl?: string | null;
  /** `content_metadata.platform`: +.05 when present. */
  readonly platform?: string | null;
  /** `credibility_assessment`: `score`, else `overall`, when a number. */
  readonly credibilityAssessment?: { readonly score?: number | null; readonly overall?: number | null } | null;
}

/**
 * Source credibility, in this order: start `.5` (`.85` validated, `.35` not validated);
 * average with the source reliability when given; `+.05` for a source URL and `+.05` for a platform;
 * average with the credibility assessment when it has a number; clamped, round3.
 */
export function sourceCredibility(input: CredibilityInput): number {
  let score = input.validated === true ? 0.85 : input.validated === false ? 0.35 : 0.5;
  const reliability = input.sourceReliability;
  if (typeof reliability === 'number' && Number.isFinite(reliability)) score = (score + clamp01(reliability)) / 2;
  else if (typeof reliability === 'string')
    score = (score + lookup(RELIABILITY_WORDS, reliability.trim().toLowerCase(), 0.5)) / 2;
  if (isNonEmpty(input.sourceUrl)) score += 0.05;
  if (isNonEmpty(input.platform)) score += 0.05;
  const assessment = finite(input.credibilityAssessment?.score) ?? finite(input.credibilityAssessment?.overall);
  if (assessment !== undefined) score = (score + clamp01(assessment)) / 2;
  return score3(score);
}
