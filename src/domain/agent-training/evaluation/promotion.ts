import { bound95, type Bound } from './bounds';

/** What an evaluation measures of each replayed task, each 0–1 and higher-is-better. */
export const EVALUATION_METRICS = ['quality', 'success'] as const;
export type EvaluationMetric = (typeof EVALUATION_METRICS)[number];

/** One value per repeat and metric. */
export type Samples = Readonly<Record<EvaluationMetric, readonly number[]>>;

export interface MetricComparison {
  readonly metric: EvaluationMetric;
  readonly current: Bound;
  readonly candidate: Bound;
  /** The candidate's lower bound is at least the current one's. */
  readonly atLeastAsGood: boolean;
  /** The candidate's lower bound is above the current one's upper bound: better beyond the noise. */
  readonly better: boolean;
}

export interface PromotionVerdict {
  readonly promote: boolean;
  readonly reason: string;
  readonly comparisons: readonly MetricComparison[];
}

/**
 * Whether a candidate definition replaces the current one: only when, over the repeats, its 95 % lower bound is at
 * least the current one's on every metric, and on at least one metric its lower bound is above the current one's
 * upper bound. Equal results (a definition the runtime does not read) are never a promotion.
 */
export function decidePromotion(current: Samples, candidate: Samples): PromotionVerdict {
  const comparisons = EVALUATION_METRICS.map((metric): MetricComparison => {
    const c = bound95(current[metric]);
    const k = bound95(candidate[metric]);
    return { metric, current: c, candidate: k, atLeastAsGood: k.lower >= c.lower, better: k.lower > c.upper };
  });
  const worse = comparisons.filter((c) => !c.atLeastAsGood).map((c) => c.metric);
  const better = comparisons.filter((c) => c.better).map((c) => c.metric);
  if (worse.length > 0) return { promote: false, reason: `the candidate is worse on ${worse.join(', ')}`, comparisons };
  if (better.length === 0)
    return { promote: false, reason: 'the candidate is better on no metric beyond the 95 % bounds', comparisons };
  return {
    promote: true,
    reason: `the candidate is better on ${better.join(', ')} and no worse on any metric`,
    comparisons,
  };
}
