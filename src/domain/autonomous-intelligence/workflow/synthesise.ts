import type { Depth } from '../../content';
import {
  synthesizeMultiModal,
  type FallbackSynthesis,
  type MultiModalSynthesis,
  type StageData,
  type StageId,
  type StageResult,
} from '../../crew';
import { CREW_TASK_OF_STAGE, SYNTHESIS_STAGE_KEYS, type TaskReport } from './autointel-result';

/**
 * The run's synthesis: each stage that produced data is assessed under its workflow-step name, with
 * the crew task that covered it as its `crewAnalysis` signal; skipped and failed stages are left out (an error's
 * data is not a result). The quality block is S11's data.
 */
export function synthesise(
  identity: { readonly url: string; readonly workflowId: string },
  depth: Depth,
  processingTimeS: number,
  stages: Partial<Record<StageId, StageResult>>,
  tasks: Partial<Record<string, TaskReport>>,
): { synthesis: MultiModalSynthesis | FallbackSynthesis; quality?: Record<string, unknown> } {
  const blocks: Record<string, StageData> = {};
  for (const [id, key] of Object.entries(SYNTHESIS_STAGE_KEYS) as [StageId, string][]) {
    const result = stages[id];
    if (result?.status !== 'ok') continue;
    const crew = (CREW_TASK_OF_STAGE[id] ?? []).map((t) => tasks[t]).find((t) => t !== undefined);
    blocks[key] = crew ? { ...result.data, crewAnalysis: crew.parsed } : result.data;
  }
  const placeholderFlags = Object.values(tasks).flatMap((t) => t?.placeholderFlags ?? []);
  const synthesis = synthesizeMultiModal({
    url: identity.url,
    workflowId: identity.workflowId,
    depth,
    processingTime: processingTimeS,
    stages: blocks,
    placeholderFlags,
  });
  const s11 = stages.S11;
  return { synthesis, quality: s11?.status === 'ok' ? s11.data : undefined };
}
