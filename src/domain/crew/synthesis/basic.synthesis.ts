import { autonomousInsights, summaryStatistics, type SummaryStatistics } from '../scoring/insights';
import { clamp01, finite, isNonEmpty } from '../scoring/score-math';
import {
  type SummaryIdentity,
  errorText,
  fallacyName,
  type Block,
  type DeceptionAnalysis,
  type FactAnalysis,
  type RunIdentity,
  type SynthesisError,
  summaryIdentity,
} from './synthesis.types';

/** The stage outputs basic synthesis combines. */
export interface BasicSynthesisInput extends RunIdentity {
  /** S1 acquisition payload. */
  readonly pipeline?: Block | null;
  /** S4. */
  readonly factAnalysis?: FactAnalysis | null;
  /** S5. */
  readonly crossPlatform?: Block | null;
  /** S6. */
  readonly deception?: DeceptionAnalysis | null;
  /** S7. */
  readonly knowledge?: Block | null;
}

/** What basic synthesis returns. */
export interface BasicSynthesis {
  readonly autonomousAnalysisSummary: SummaryIdentity & {
    readonly deceptionScore: number;
    readonly summaryStatistics: SummaryStatistics;
    readonly autonomousInsights: readonly string[];
  };
  readonly detailedResults: {
    readonly contentAnalysis: Block;
    readonly factChecking: FactAnalysis;
    readonly crossPlatformIntelligence: Block;
    readonly deceptionAnalysis: DeceptionAnalysis;
    readonly knowledgeBaseIntegration: Block;
  };
  readonly workflowMetadata: {
    readonly synthesisMethod: 'basic';
    /** Which of the five inputs held data, in input order. */
    readonly stagesWithData: readonly string[];
  };
}

/**
 * Basic synthesis: a summary (identity, deception score default 0, summary statistics and insights
 * of the scoring formulas), the detailed results of each stage (missing ones as `{}`), and workflow metadata.
 * Anything thrown while reading the inputs yields `{error, rawResults}` instead.
 */
export function synthesizeBasic(input: BasicSynthesisInput): BasicSynthesis | SynthesisError {
  try {
    const facts = input.factAnalysis ?? {};
    const fallacies = (facts.logicalFallacies ?? []).map(fallacyName);
    const deceptionScore = finite(input.deception?.deceptionScore);
    const blocks = {
      pipeline: input.pipeline,
      factAnalysis: input.factAnalysis,
      crossPlatform: input.crossPlatform,
      deception: input.deception,
      knowledge: input.knowledge,
    };
    return {
      autonomousAnalysisSummary: {
        ...summaryIdentity(input),
        deceptionScore: clamp01(deceptionScore ?? 0),
        summaryStatistics: summaryStatistics({
          pipeline: input.pipeline,
          factChecks: facts.factChecks,
          fallacyCount: fallacies.length,
          deceptionScore,
          crossPlatform: input.crossPlatform,
          knowledge: input.knowledge,
        }),
        autonomousInsights: autonomousInsights({
          deceptionScore,
          fallacyNames: fallacies,
          crossPlatform: input.crossPlatform,
          knowledgeStored: isNonEmpty(input.knowledge),
        }),
      },
      detailedResults: {
        contentAnalysis: input.pipeline ?? {},
        factChecking: facts,
        crossPlatformIntelligence: input.crossPlatform ?? {},
        deceptionAnalysis: input.deception ?? {},
        knowledgeBaseIntegration: input.knowledge ?? {},
      },
      workflowMetadata: {
        synthesisMethod: 'basic',
        stagesWithData: Object.entries(blocks)
          .filter(([, v]) => isNonEmpty(v))
          .map(([k]) => k),
      },
    };
  } catch (e) {
    return { error: `Basic synthesis failed: ${errorText(e)}`, rawResults: input };
  }
}
