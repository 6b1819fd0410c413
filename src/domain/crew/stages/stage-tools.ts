import type { StageId, StageResult, StageRun } from './stage.types';

/**
 * The stage library of one run, memoised: a stage called twice (by a runtime task and by the orchestrator) runs
 * once, and a stage calls the stages it needs through the same object. S13 (delivery) belongs to the
 * orchestrator, which owns the progress session and the result store.
 */
export interface StageTools {
  readonly run: StageRun;
  acquisition(): Promise<StageResult>; // S1
  transcription(): Promise<StageResult>; // S2
  contentAnalysis(): Promise<StageResult>; // S3
  factAnalysis(): Promise<StageResult>; // S4
  crossPlatform(): Promise<StageResult>; // S5
  deception(): Promise<StageResult>; // S6
  knowledge(): Promise<StageResult>; // S7
  analytics(): Promise<StageResult>; // S8
  behaviour(): Promise<StageResult>; // S9
  research(): Promise<StageResult>; // S10
  quality(): Promise<StageResult>; // S11
  briefing(): Promise<StageResult>; // S12
  /** The stages run so far (settled ones only), by id. */
  results(): Partial<Record<StageId, StageResult>>;
}

/** Creates the tools of one run. */
export interface StageToolsFactory {
  create(run: StageRun): StageTools;
}
export const STAGE_TOOLS = Symbol('STAGE_TOOLS');

const CALL: Readonly<Record<Exclude<StageId, 'S13'>, (tools: StageTools) => Promise<StageResult>>> = {
  S1: (t) => t.acquisition(),
  S2: (t) => t.transcription(),
  S3: (t) => t.contentAnalysis(),
  S4: (t) => t.factAnalysis(),
  S5: (t) => t.crossPlatform(),
  S6: (t) => t.deception(),
  S7: (t) => t.knowledge(),
  S8: (t) => t.analytics(),
  S9: (t) => t.behaviour(),
  S10: (t) => t.research(),
  S11: (t) => t.quality(),
  S12: (t) => t.briefing(),
};

/** Runs (or joins) stage `id` of a run's tools by its number. */
export function runStage(tools: StageTools, id: Exclude<StageId, 'S13'>): Promise<StageResult> {
  return CALL[id](tools);
}
