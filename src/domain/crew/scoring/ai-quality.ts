import { clamp01, finite, lookup, mean, score3 } from './score-math';

/** The six quality dimensions S11 computes. */
export const QUALITY_DIMENSIONS = [
  'contentCoherence',
  'factualAccuracy',
  'sourceCredibility',
  'biasDetection',
  'emotionalManipulation',
  'logicalConsistency',
] as const;
export type QualityDimension = (typeof QUALITY_DIMENSIONS)[number];

/** One value per dimension, each in [0, 1]. */
export type QualityDimensions = Readonly<Record<QualityDimension, number>>;

/** Weights the original applies when a result carries these generic keys instead of the six dimensions. */
export const AI_QUALITY_WEIGHTS: Readonly<Record<string, number>> = {
  accuracy: 0.3,
  completeness: 0.2,
  consistency: 0.2,
  clarity: 0.15,
  relevance: 0.15,
};

/**
 * AI quality score. When any of accuracy/completeness/consistency/clarity/relevance is present:
 * `Σ w·v / Σ w` over the present ones (weights .3/.2/.2/.15/.15, renormalised so missing keys do not drag the
 * score down); otherwise the plain mean of the finite values — for the six S11 dimensions, their mean;
 * no values → 0. Values are clamped to [0, 1]; the result is round3.
 */
export function aiQualityScore(values: Readonly<Record<string, number>>): number {
  const entries = Object.entries(values).flatMap(([key, v]) => {
    const n = finite(v);
    return n === undefined ? [] : [[key, clamp01(n)] as const];
  });
  const weighted = entries.filter(([key]) => Object.hasOwn(AI_QUALITY_WEIGHTS, key));
  if (weighted.length > 0) {
    const total = weighted.reduce((sum, [key]) => sum + lookup(AI_QUALITY_WEIGHTS, key, 0), 0);
    return score3(weighted.reduce((sum, [key, v]) => sum + v * lookup(AI_QUALITY_WEIGHTS, key, 0), 0) / total);
  }
  return score3(mean(entries.map(([, v]) => v)));
}

export const QualityTrend = { Improving: 'improving', Stable: 'stable', Declining: 'declining' } as const;
export type QualityTrend = (typeof QualityTrend)[keyof typeof QualityTrend];

/** Quality trend: `≥ .75` improving, `≥ .5` stable, else declining. */
export function qualityTrend(score: number): QualityTrend {
  if (score >= 0.75) return QualityTrend.Improving;
  return score >= 0.5 ? QualityTrend.Stable : QualityTrend.Declining;
}
