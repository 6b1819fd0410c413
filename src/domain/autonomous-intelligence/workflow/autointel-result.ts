import type { Depth } from '../../content';
import type { ContentReport } from '../../report';
import type {
  CrewMode,
  FallbackSynthesis,
  MultiModalSynthesis,
  ProcessType,
  StageId,
  StageResult,
  TaskId,
  TaskOutput,
} from '../../crew';

/** One crew task as the result reports it. */
export interface TaskReport {
  readonly raw: string;
  readonly parsed: Record<string, unknown>;
  readonly schemaValid: boolean;
  readonly placeholderFlags: readonly string[];
}

/** What `autonomous_intelligence` returns, under `data` of its result whether it succeeded or not. */
export interface AutointelResult {
  readonly workflowId: string;
  readonly url: string;
  readonly requestedDepth: Depth;
  readonly effectiveDepth: Depth;
  /** True when `experimental` ran as `comprehensive` because the gate is off. */
  readonly downgraded: boolean;
  readonly status: 'completed' | 'failed';
  /** The part of the run that failed: `Crew Workflow` or `Autonomous Workflow`. */
  readonly failedStage?: string;
  readonly error?: string;
  /** The agent runtime that ran the crew (`deterministic` or `llm`). */
  readonly runtime: string;
  readonly plan: {
    readonly mode: CrewMode;
    readonly process: ProcessType;
    readonly maxConcurrent: number;
    readonly tasks: readonly TaskId[];
  };
  readonly tasks: Partial<Record<TaskId, TaskReport>>;
  /** The crew's final text (the last task's raw output). */
  readonly finalText: string;
  /** The report in Markdown, rendered from `contentReport`; empty when the run failed. */
  readonly report: string;
  /** The report as data (what every rendering is made from); absent when the run failed. */
  readonly contentReport?: ContentReport;
  /** The messages shown (or, without a progress session, that would have been), in order. */
  readonly messages: readonly string[];
  readonly processingTimeS: number;
  readonly cost: { readonly spent: number; readonly budget: number; readonly utilisation: number };
  /** Stage results by stage id; `extras` holds the experimental-only stages. */
  readonly stages: Partial<Record<StageId, StageResult>> & { readonly extras?: Record<string, StageResult> };
  readonly synthesis?: MultiModalSynthesis | FallbackSynthesis;
  /** S11's data when it ran. */
  readonly quality?: Record<string, unknown>;
  /** S13: how the result reached the user. */
  readonly delivery?: { readonly status: 'delivered' | 'session_closed_during_workflow'; readonly retrieval?: string };
}

export function taskReport(output: TaskOutput): TaskReport {
  return {
    raw: output.raw,
    parsed: output.parsed,
    schemaValid: output.schemaValid,
    placeholderFlags: output.placeholderFlags,
  };
}

/** Map of stage ids to the stage keys multi-modal synthesis assesses (workflow-step names). */
export const SYNTHESIS_STAGE_KEYS: Readonly<Partial<Record<StageId, string>>> = {
  S1: 'content_acquisition',
  S2: 'transcription_processing',
  S3: 'content_analysis',
  S4: 'information_verification',
  S5: 'social_intelligence',
  S6: 'threat_analysis',
  S7: 'knowledge_integration',
  S8: 'performance_analytics',
  S9: 'behavioral_profiling',
  S10: 'research_synthesis',
  S11: 'ai_quality_assessment',
  S12: 'intelligence_briefing',
};

/** The crew task whose output backs a stage (its `crewAnalysis` signal). */
export const CREW_TASK_OF_STAGE: Readonly<Partial<Record<StageId, readonly TaskId[]>>> = {
  S1: ['acquisition'],
  S2: ['transcription'],
  S3: ['analysis', 'analysis.text'],
  S4: ['analysis', 'analysis.fact'],
  S5: ['analysis.social'],
  S6: ['analysis', 'analysis.bias'],
  S7: ['integration'],
  S9: ['analysis.pattern'],
};
