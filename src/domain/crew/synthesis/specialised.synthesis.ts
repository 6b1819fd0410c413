import { roundTo } from '../../content';
import { clamp01, finite, isNonEmpty } from '../scoring/score-math';
import {
  type SummaryIdentity,
  errorText,
  type Block,
  type DeceptionAnalysis,
  type RunIdentity,
  type SynthesisError,
  summaryIdentity,
} from './synthesis.types';

/** The nine specialised-agent stages, in report order. */
export const SPECIALISED_STAGES = [
  'acquisition',
  'intelligence',
  'verification',
  'deception',
  'behavioral',
  'knowledge',
  'social',
  'research',
  'performance',
] as const;
export type SpecialisedStage = (typeof SPECIALISED_STAGES)[number];

/** The outputs of the specialised agents (S1, S3, S4 verification, S6, S9, S7, S5, S10, S8). */
export interface SpecialisedSynthesisInput extends RunIdentity {
  readonly acquisition?: Block | null;
  readonly intelligence?: Block | null;
  readonly verification?: Block | null;
  /** Threat analysis: `threatScore` and `threatLevel` are read from here. */
  readonly deception?: DeceptionAnalysis | null;
  readonly behavioral?: Block | null;
  readonly knowledge?: Block | null;
  readonly social?: Block | null;
  readonly research?: Block | null;
  readonly performance?: Block | null;
}

/** What specialised synthesis returns. */
export interface SpecialisedSynthesis {
  readonly autonomousAnalysisSummary: SummaryIdentity & {
    readonly analysisApproach: 'specialized_autonomous_agents';
    readonly threatScore: number;
    readonly threatLevel: string;
    readonly summaryStatistics: {
      readonly contentProcessed: boolean;
      readonly intelligenceExtracted: boolean;
      readonly verificationCompleted: boolean;
      readonly threatAssessmentDone: boolean;
      readonly behavioralAnalysisDone: boolean;
      readonly knowledgeIntegrated: boolean;
      readonly threatScore: number;
      readonly threatLevel: string;
    };
    readonly specializedInsights: readonly string[];
  };
  /** One entry per specialised stage (`{}` when it produced nothing). */
  readonly detailedResults: Readonly<Record<SpecialisedStage, Block>>;
}

/**
 * Specialised synthesis: the summary carries `analysisApproach: 'specialized_autonomous_agents'`,
 * the threat score (default 0, clamped) and level (default `unknown`) of the threat analysis, one "done" flag per
 * core stage (= its block is non-empty), and insights: the threat line, how many of the nine stages produced
 * results, and which did not.
 */
export function synthesizeSpecialised(input: SpecialisedSynthesisInput): SpecialisedSynthesis | SynthesisError {
  try {
    const threatScore = clamp01(finite(input.deception?.threatScore) ?? 0);
    const threatLevel = input.deception?.threatLevel?.trim() || 'unknown';
    const detailedResults = Object.fromEntries(SPECIALISED_STAGES.map((s) => [s, input[s] ?? {}])) as Record<
      SpecialisedStage,
      Block
    >;
    const missing = SPECIALISED_STAGES.filter((s) => !isNonEmpty(input[s]));
    const insights = [
      threatLevel === 'unknown'
        ? 'Threat level not assessed.'
        : `Threat level ${threatLevel} (score ${roundTo(threatScore, 2).toFixed(2)}).`,
      `${SPECIALISED_STAGES.length - missing.length} of ${SPECIALISED_STAGES.length} specialised stages produced results.`,
    ];
    if (missing.length > 0) insights.push(`No results from: ${missing.join(', ')}.`);
    return {
      autonomousAnalysisSummary: {
        ...summaryIdentity(input),
        analysisApproach: 'specialized_autonomous_agents',
        threatScore,
        threatLevel,
        summaryStatistics: {
          contentProcessed: isNonEmpty(input.acquisition),
          intelligenceExtracted: isNonEmpty(input.intelligence),
          verificationCompleted: isNonEmpty(input.verification),
          threatAssessmentDone: isNonEmpty(input.deception),
          behavioralAnalysisDone: isNonEmpty(input.behavioral),
          knowledgeIntegrated: isNonEmpty(input.knowledge),
          threatScore,
          threatLevel,
        },
        specializedInsights: insights,
      },
      detailedResults,
    };
  } catch (e) {
    return { error: `Specialised synthesis failed: ${errorText(e)}`, rawResults: input };
  }
}
