import { clamp01, finite, score3 } from './score-math';

/** Positive and negative counts of a sentiment analysis (sentences or tokens; only their ratio matters). */
export interface SentimentCounts {
  readonly positive?: number | null;
  readonly negative?: number | null;
}

/** `|pos − neg| / (pos + neg)` in [0, 1]; undefined when there is nothing to compare (both 0 or missing). */
export function sentimentSwing(counts: SentimentCounts): number | undefined {
  const pos = Math.max(0, finite(counts.positive) ?? 0);
  const neg = Math.max(0, finite(counts.negative) ?? 0);
  return pos + neg > 0 ? Math.abs(pos - neg) / (pos + neg) : undefined;
}

/** What {@link biasDetection} reads. */
export interface BiasInput extends SentimentCounts {
  /** Number of bias indicators found (S4/S6 `bias_indicators`). */
  readonly biasSignals: number;
  /** The overall sentiment label; `neutral` costs .05, as in the original. */
  readonly overallSentiment?: string | null;
}

/**
 * Bias detection, high = balanced:
 * `.7 − min(.5, .1·signals) − min(.3, .3·|pos − neg|/(pos + neg)) − .05·[overall sentiment neutral]`,
 * clamped, round3. With no positive or negative counts the imbalance term is 0.
 */
export function biasDetection(input: BiasInput): number {
  const signals = Math.max(0, finite(input.biasSignals) ?? 0);
  const penalty = Math.min(0.5, 0.1 * signals) + Math.min(0.3, 0.3 * (sentimentSwing(input) ?? 0));
  const neutral = input.overallSentiment?.trim().toLowerCase() === 'neutral' ? 0.05 : 0;
  return score3(0.7 - penalty - neutral);
}

/** The sentiment block {@link emotionalManipulation} reads: an intensity, or positive/negative counts. */
export interface EmotionInput {
  readonly sentiment?: (SentimentCounts & { readonly intensity?: number | null }) | null;
}

/**
 * Emotional manipulation, high = calm: no sentiment block → `.6`; an intensity i (≥ 0) →
 * `1 − min(.8, .5·i)`; else a swing s = |pos − neg|/(pos + neg) → `1 − min(.8, .5·s)`; neither → `.7`.
 * Clamped, round3. ("Swing" is our reading: the same imbalance ratio as bias detection,
 * which lies in [0, 1], so only an intensity above 1.6 reaches the .8 cap.)
 */
export function emotionalManipulation(input: EmotionInput): number {
  const sentiment = input.sentiment;
  if (!sentiment) return 0.6;
  const intensity = finite(sentiment.intensity);
  if (intensity !== undefined) return score3(1 - Math.min(0.8, 0.5 * Math.max(0, intensity)));
  const swing = sentimentSwing(sentiment);
  return swing === undefined ? 0.7 : score3(1 - Math.min(0.8, 0.5 * swing));
}

/** What {@link logicalConsistency} reads. */
export interface LogicInput {
  /** Fallacies in S4 `logical_fallacies` (⚠ fixed: the original fed threat data here). */
  readonly fallacyCount: number;
  /** A reasoning-quality score in [0, 1], when an analysis gives one. */
  readonly reasoningQuality?: number | null;
  /** `verification.logical_consistency.score`, when present. */
  readonly verificationScore?: number | null;
}

/**
 * Logical consistency: `s = .6 − min(.4, .1·fallacies)`; then `s = (s + reasoning quality)/2`
 * when given; then `s = (s + verification score)/2` when given; clamped, round3.
 */
export function logicalConsistency(input: LogicInput): number {
  let score = 0.6 - Math.min(0.4, 0.1 * Math.max(0, finite(input.fallacyCount) ?? 0));
  const reasoning = finite(input.reasoningQuality);
  if (reasoning !== undefined) score = (score + clamp01(reasoning)) / 2;
  const verification = finite(input.verificationScore);
  if (verification !== undefined) score = (score + clamp01(verification)) / 2;
  return score3(score);
}
