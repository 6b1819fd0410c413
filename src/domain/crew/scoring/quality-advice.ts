import { roundTo } from '../../content';
import { QUALITY_DIMENSIONS, type QualityDimension } from './ai-quality';

/** Dimensions below this are urgent (recommendations) or a priority (suggestions). */
export const URGENT_BELOW = 0.4;
/** Dimensions below this (and not urgent) are to be monitored / watched. */
export const MONITOR_BELOW = 0.6;
/** An overall score at or above this earns a "maintain" recommendation. */
export const MAINTAIN_FROM = 0.8;

/** Readable name and concrete advice per dimension. */
export const DIMENSION_ADVICE: Readonly<Record<QualityDimension, { readonly label: string; readonly advice: string }>> =
  {
    contentCoherence: {
      label: 'content coherence',
      advice: 'obtain a fuller transcript and re-run the structural analysis',
    },
    factualAccuracy: { label: 'factual accuracy', advice: 'check more claims against independent sources' },
    sourceCredibility: { label: 'source credibility', advice: 'validate the source and record its reliability' },
    biasDetection: { label: 'balance', advice: 'compare the framing with sources holding other viewpoints' },
    emotionalManipulation: { label: 'emotional restraint', advice: 'flag the emotionally loaded passages for review' },
    logicalConsistency: {
      label: 'logical consistency',
      advice: 'review the detected fallacies and the argument structure',
    },
  };

const fmt = (score: number) => roundTo(score, 2).toFixed(2);
const scored = (dimensions: Partial<Record<QualityDimension, number>>) =>
  QUALITY_DIMENSIONS.flatMap((d) => {
    const v = dimensions[d];
    return typeof v === 'number' && Number.isFinite(v) ? [[d, v] as const] : [];
  });

/** What {@link qualityRecommendations} reads. */
export interface RecommendationInput {
  readonly dimensions: Readonly<Partial<Record<QualityDimension, number>>>;
  /** The AI quality score. */
  readonly overallScore: number;
  readonly title?: string | null;
  readonly hasFactChecks: boolean;
}

/**
 * Recommendations, in dimension order: `< .4` → an urgent item with the dimension's advice and
 * its score (2 dp); `< .6` → a monitor item; then, when the overall score is `≥ .8`, a "maintain" item
 * naming the title when known. Nothing at all → "coverage comprehensive" when fact checks exist, else
 * "add fact-checking".
 */
export function qualityRecommendations(input: RecommendationInput): string[] {
  const items: string[] = [];
  for (const [d, v] of scored(input.dimensions)) {
    const { label, advice } = DIMENSION_ADVICE[d];
    if (v < URGENT_BELOW) items.push(`Urgent: ${label} is low (${fmt(v)}); ${advice}.`);
    else if (v < MONITOR_BELOW) items.push(`Monitor ${label} (${fmt(v)}).`);
  }
  if (input.overallScore >= MAINTAIN_FROM) {
    const title = input.title?.trim();
    items.push(
      title ? `Maintain the current analysis standard for "${title}".` : 'Maintain the current analysis standard.',
    );
  }
  if (items.length > 0) return items;
  return [
    input.hasFactChecks ? 'Analysis coverage is comprehensive.' : 'Add fact-checking to strengthen the analysis.',
  ];
}

/** Improvement suggestions with the context they apply to. */
export interface ImprovementSuggestions {
  readonly suggestions: readonly string[];
  readonly context: {
    readonly title: string | null;
    readonly platform: string | null;
    readonly validatedSources: boolean;
  };
}

/**
 * Improvement suggestions: per dimension `< .4` → priority item, `< .6` → watch item; none →
 * "all above target". The context echoes the title, platform and whether the sources were validated.
 */
export function improvementSuggestions(
  dimensions: Readonly<Partial<Record<QualityDimension, number>>>,
  context: {
    readonly title?: string | null;
    readonly platform?: string | null;
    readonly validatedSources?: boolean | null;
  } = {},
): ImprovementSuggestions {
  const suggestions: string[] = [];
  for (const [d, v] of scored(dimensions)) {
    const { label } = DIMENSION_ADVICE[d];
    if (v < URGENT_BELOW) suggestions.push(`Priority: improve ${label} (${fmt(v)}).`);
    else if (v < MONITOR_BELOW) suggestions.push(`Watch: ${label} (${fmt(v)}).`);
  }
  return {
    suggestions: suggestions.length > 0 ? suggestions : ['All quality dimensions are above target.'],
    context: {
      title: context.title ?? null,
      platform: context.platform ?? null,
      validatedSources: context.validatedSources === true,
    },
  };
}

/** What {@link learningOpportunities} reads: which S2/S4 outputs exist. */
export interface LearningInput {
  readonly hasTranscriptIndex: boolean;
  readonly hasTimelineAnchors: boolean;
  readonly hasFactChecks: boolean;
  readonly biasIndicatorCount: number;
}

/**
 * Learning opportunities: one item each for a missing transcript index, missing timeline anchors,
 * missing fact checks, and bias indicators present; none → "capture retrospectives".
 */
export function learningOpportunities(input: LearningInput): string[] {
  const items: string[] = [];
  if (!input.hasTranscriptIndex) items.push('Build a transcript index to make the content searchable.');
  if (!input.hasTimelineAnchors) items.push('Capture timeline anchors to tie findings to moments in the media.');
  if (!input.hasFactChecks) items.push('Run fact checks so accuracy can be measured.');
  if (input.biasIndicatorCount > 0)
    items.push(`Study the ${input.biasIndicatorCount} bias indicator(s) to refine the bias model.`);
  return items.length > 0 ? items : ['Capture retrospectives from this run to keep improving.'];
}
