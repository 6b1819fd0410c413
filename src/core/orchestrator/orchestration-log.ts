import type { OrchestrationContext } from '../context/orchestration-context';
import type { StepResult } from '../result/step-result';
import type { OrchestrationInput, OrchestrationLayer } from './orchestrator.types';

/** Input keys that would clash with the log line's own fields; they are left out of `input_keys`. */
export const RESERVED_INPUT_KEYS: ReadonlySet<string> = new Set([
  'event',
  'msg',
  'level',
  'time',
  'orchestrator',
  'layer',
  'tenant_id',
  'tenantId',
  'workspace_id',
  'workspaceId',
  'request_id',
  'requestId',
  'trace_id',
  'traceId',
  'depth',
  'context',
]);

export function inputKeys(input: OrchestrationInput): string[] {
  const keys: string[] = [];
  for (const key in input) {
    if (Object.prototype.hasOwnProperty.call(input, key) && !RESERVED_INPUT_KEYS.has(key)) keys.push(key);
  }
  return keys;
}

/** Fields both lines share. */
function commonFields(name: string, layer: OrchestrationLayer, ctx: OrchestrationContext) {
  return {
    orchestrator: name,
    layer,
    tenant_id: ctx.tenantId,
    request_id: ctx.requestId,
    trace_id: ctx.traceId,
    depth: ctx.orchestrationDepth,
  };
}

/** Fields of the `orchestration_started` line. */
export function startedFields(
  name: string,
  layer: OrchestrationLayer,
  ctx: OrchestrationContext,
  input: OrchestrationInput,
) {
  return { event: 'orchestration_started', ...commonFields(name, layer, ctx), input_keys: inputKeys(input) };
}

/** Fields of the `orchestration_completed` line. */
export function completedFields(
  name: string,
  layer: OrchestrationLayer,
  ctx: OrchestrationContext,
  result: StepResult,
  durationMs: number,
) {
  return {
    event: 'orchestration_completed',
    ...commonFields(name, layer, ctx),
    status: result.status,
    ...(result.status === 'error' ? { category: result.category, error: result.error } : {}),
    duration_ms: Math.round(durationMs * 1000) / 1000,
  };
}
