import { STAGE_NAMES, type StageId } from '../../crew';
import type { AutointelResult } from './autointel-result';

/**
 * The feedback hub's trajectory for a finished run: one step per stage (`stage.<name>`, success when `ok`) and
 * per crew task (`task.<id>`, success when its output met its schema), the runtime (or the LLM model) as the
 * model, latency and cost. The overall score is the synthesis grade score when there is one, else 0 for a failed
 * run; accuracy is S11's factual accuracy when it ran.
 */
export function trajectoryOf(
  result: AutointelResult,
  model?: string,
): { trajectory: Record<string, unknown>; evaluation: Record<string, unknown> } {
  const stageSteps = (Object.keys(STAGE_NAMES) as StageId[]).flatMap((id) => {
    const stage = result.stages[id];
    return stage ? [{ tool_name: `stage.${STAGE_NAMES[id]}`, success: stage.status === 'ok' }] : [];
  });
  const taskSteps = Object.entries(result.tasks).map(([id, task]) => ({
    tool_name: `task.${id}`,
    success: task?.schemaValid === true,
  }));
  const steps = [...stageSteps, ...taskSteps];
  const synthesis =
    result.synthesis && !result.synthesis.fallbackSynthesis
      ? result.synthesis.orchestratorMetadata.synthesisQuality.score
      : undefined;
  const overall = result.status === 'completed' ? (synthesis ?? 0.5) : 0;
  const dims = result.quality?.dimensions as Record<string, unknown> | undefined;
  const accuracy = typeof dims?.factual_accuracy === 'number' ? dims.factual_accuracy : overall;
  const succeeded = steps.filter((s) => s.success).length;
  return {
    trajectory: {
      session_id: result.workflowId,
      agent_id: 'autonomous_intelligence',
      model_id: model ?? `runtime:${result.runtime}`,
      success: result.status === 'completed',
      latency_ms: Math.round(result.processingTimeS * 1000),
      cost_usd: result.cost.spent,
      total_duration: result.processingTimeS,
      steps,
    },
    evaluation: {
      overall_score: overall,
      accuracy_score: accuracy,
      error_handling_score: steps.length ? succeeded / steps.length : 0,
      depth: result.effectiveDepth,
    },
  };
}
