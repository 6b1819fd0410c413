import { roundTo } from '../../content';
import { clamp01, countOf, finite, isNonEmpty } from './score-math';

/** Deception below this reads as reliable. */
export const RELIABLE_BELOW = 0.3;
/** Deception below this (and not reliable) reads as mixed; at or above it, as a reason for caution. */
export const MIXED_BELOW = 0.7;

/** What {@link autonomousInsights} reads. */
export interface InsightInput {
  /** S6 deception score; missing counts as .5 (mixed: unknown is not reliable). */
  readonly deceptionScore?: number | null;
  /** Names of the fallacies S4 found, in order. */
  readonly fallacyNames: readonly string[];
  /** S5 cross-platform block. */
  readonly crossPlatform?: unknown;
  /** Whether S7 stored the analysis. */
  readonly knowledgeStored: boolean;
}

/**
 * Insights of a run: a reliability line from the deception score (`< .3` 🟢 reliable,
 * `< .7` 🟡 mixed, else 🔴 caution; missing → .5); when fallacies were found, their count with the first three
 * names; a line when cross-platform data is present; a line when the knowledge base stored the analysis.
 */
export function autonomousInsights(input: InsightInput): string[] {
  const d = clamp01(finite(input.deceptionScore) ?? 0.5);
  const shown = roundTo(d, 2).toFixed(2);
  const insights = [
    d < RELIABLE_BELOW
      ? `🟢 Content appears reliable (deception score ${shown}).`
      : d < MIXED_BELOW
        ? `🟡 Mixed reliability (deception score ${shown}); verify key claims.`
        : `🔴 Caution: high deception score (${shown}).`,
  ];
  const n = input.fallacyNames.length;
  if (n > 0)
    insights.push(
      `${n} logical fallac${n === 1 ? 'y' : 'ies'} detected: ${input.fallacyNames.slice(0, 3).join(', ')}.`,
    );
  if (isNonEmpty(input.crossPlatform)) insights.push('Cross-platform intelligence gathered.');
  if (input.knowledgeStored) insights.push('Analysis stored in the knowledge base.');
  return insights;
}

/** The S4 `fact_checks` fields that count checks. */
export interface FactCheckCounts {
  readonly items?: readonly unknown[] | null;
  readonly claims?: readonly unknown[] | null;
  readonly evidenceCount?: number | null;
}

/** Headline numbers of a run. */
export interface SummaryStatistics {
  readonly contentProcessed: boolean;
  readonly factChecksPerformed: number;
  readonly fallaciesDetected: number;
  readonly deceptionScore: number;
  readonly crossPlatformSources: number;
  readonly knowledgeBaseEntries: 0 | 1;
}

/** What {@link summaryStatistics} reads. */
export interface SummaryInput {
  /** The acquisition payload (S1). */
  readonly pipeline?: unknown;
  readonly factChecks?: FactCheckCounts | null;
  readonly fallacyCount: number;
  /** Default 0. */
  readonly deceptionScore?: number | null;
  readonly crossPlatform?: Readonly<Record<string, unknown>> | null;
  readonly knowledge?: unknown;
}

/**
 * Summary statistics: content processed = pipeline block non-empty; fact checks performed =
 * #items, else #claims, else evidence_count (first non-zero); fallacies; deception score (default 0, clamped);
 * cross-platform sources = key count of the S5 block; knowledge-base entries 1 when S7 stored something, else 0.
 */
export function summaryStatistics(input: SummaryInput): SummaryStatistics {
  const fc = input.factChecks ?? {};
  return {
    contentProcessed: isNonEmpty(input.pipeline),
    factChecksPerformed: countOf(fc.items) || countOf(fc.claims) || countOf(fc.evidenceCount),
    fallaciesDetected: countOf(input.fallacyCount),
    deceptionScore: clamp01(finite(input.deceptionScore) ?? 0),
    crossPlatformSources: input.crossPlatform ? Object.keys(input.crossPlatform).length : 0,
    knowledgeBaseEntries: isNonEmpty(input.knowledge) ? 1 : 0,
  };
}
