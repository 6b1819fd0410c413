import type { StageTools } from '../ports/stage-tools.port';
import type { StageId, StageResult } from './stage.types';

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
