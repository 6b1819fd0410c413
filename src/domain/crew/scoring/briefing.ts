import { clamp01, finite, isNonEmpty, mean, score3 } from './score-math';

/** Intelligence grades of a briefing, A best. */
export const IntelligenceGrade = { A: 'A', B: 'B', C: 'C', D: 'D' } as const;
export type IntelligenceGrade = (typeof IntelligenceGrade)[keyof typeof IntelligenceGrade];

/** What {@link intelligenceGrade} reads. */
export interface GradeInput {
  /** Known when present and not `unknown`. */
  readonly threatLevel?: string | null;
  readonly hasFactChecks: boolean;
  readonly hasTranscript: boolean;
}

/**
 * Intelligence grade: A = threat level known ∧ fact checks ∧ transcript;
 * B = (threat known ∧ fact checks) ∨ (fact checks ∧ transcript); C = transcript; else D.
 */
export function intelligenceGrade(input: GradeInput): IntelligenceGrade {
  const level = input.threatLevel?.trim().toLowerCase();
  const threatKnown = !!level && level !== 'unknown';
  const { hasFactChecks: facts, hasTranscript: transcript } = input;
  if (threatKnown && facts && transcript) return IntelligenceGrade.A;
  if ((threatKnown && facts) || (facts && transcript)) return IntelligenceGrade.B;
  return transcript ? IntelligenceGrade.C : IntelligenceGrade.D;
}

const isPlainObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Data completeness = sources that are non-empty objects / all sources; no sources → 0; round3. */
export function dataCompleteness(sources: readonly unknown[]): number {
  if (sources.length === 0) return 0;
  return score3(sources.filter((s) => isPlainObject(s) && isNonEmpty(s)).length / sources.length);
}

/** Words that signal a confident or an uncertain finding. */
export const CONFIDENCE_WORDS = {
  confident: ['confirmed', 'verified', 'certain', 'clear', 'definite', 'established', 'proven', 'consistent'],
  uncertain: [
    'uncertain',
    'unclear',
    'unverified',
    'unconfirmed',
    'possibly',
    'maybe',
    'alleged',
    'disputed',
    'might',
    'conflicting',
  ],
} as const;

/** Share of confident words among confident + uncertain ones (whole words, any case); undefined when neither occurs. */
export function keywordConfidence(text: string): number | undefined {
  const tokens = text.toLowerCase().match(/[a-z]+/g) ?? [];
  const count = (words: readonly string[]) => tokens.filter((t) => words.includes(t)).length;
  const c = count(CONFIDENCE_WORDS.confident);
  const u = count(CONFIDENCE_WORDS.uncertain);
  return c + u > 0 ? c / (c + u) : undefined;
}

function sourceConfidence(source: unknown): number {
  if (typeof source === 'number') return clamp01(source);
  if (typeof source === 'string') return keywordConfidence(source) ?? 0.5;
  if (!isPlainObject(source)) return 0.5;
  const explicit = finite(source.confidence) ?? finite(source.qualityScore);
  if (explicit !== undefined) return clamp01(explicit);
  const text = Object.values(source)
    .filter((v): v is string => typeof v === 'string')
    .join(' ');
  return keywordConfidence(text) ?? 0.5;
}

/**
 * Overall confidence = mean over the sources of: a number (clamped); a string's keyword ratio;
 * an object's `confidence`, else `qualityScore` (clamped), else the keyword ratio of its string fields;
 * .5 when nothing applies. No sources → 0. Round3.
 */
export function overallConfidence(sources: readonly unknown[]): number {
  return score3(mean(sources.map(sourceConfidence)));
}

/** What {@link strategicRecommendations} reads. */
export interface StrategyInput {
  readonly threatLevel?: string | null;
  readonly prevailingSentiment?: string | null;
  readonly themes?: readonly string[] | null;
  readonly coverageScore?: number | null;
  readonly escalationRequired?: boolean | null;
}

/** Coverage below this asks for more coverage. */
export const COVERAGE_TARGET = 0.6;

/**
 * Strategic recommendations: threat high → enhanced scrutiny, medium → moderate caution, else
 * standard handling; then the prevailing sentiment when known; the first three themes when any; coverage
 * `< .6` → raise coverage; escalation required → follow up.
 */
export function strategicRecommendations(input: StrategyInput): string[] {
  const level = input.threatLevel?.trim().toLowerCase();
  const items = [
    level === 'high'
      ? 'Apply enhanced scrutiny before relying on or sharing this content.'
      : level === 'medium'
        ? 'Proceed with moderate caution and verify the key claims.'
        : 'Standard handling is appropriate.',
  ];
  const sentiment = input.prevailingSentiment?.trim();
  if (sentiment) items.push(`Account for the prevailing ${sentiment} sentiment when presenting the findings.`);
  const themes = (input.themes ?? []).filter((t) => t.trim().length > 0).slice(0, 3);
  if (themes.length > 0) items.push(`Track the main themes: ${themes.join(', ')}.`);
  const coverage = finite(input.coverageScore);
  if (coverage !== undefined && coverage < COVERAGE_TARGET)
    items.push('Raise coverage: gather more sources and checks.');
  if (input.escalationRequired) items.push('Escalation required: follow up with a reviewer.');
  return items;
}
