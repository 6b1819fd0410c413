import type { ContentDigest } from '../../content';
import type { StageId, StageResult, StageRun } from '../stages/stage.types';

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
  /**
   * What the acquired text says, at the run's depth (the content analysis port's digest): what the report is made
   * from (a text-less acquisition gives the digest of its metadata alone). Null when acquisition or the analysis
   * failed.
   */
  digest(): Promise<ContentDigest | null>;
  /** The stages run so far (settled ones only), by id. */
  results(): Partial<Record<StageId, StageResult>>;
}

/** Creates the tools of one run. */
export interface StageToolsFactory {
  create(run: StageRun): StageTools;
}
export const STAGE_TOOLS = Symbol('STAGE_TOOLS');
