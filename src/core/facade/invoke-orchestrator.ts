import type { Logger } from '@nestjs/common';
import type { OrchestrationContext } from '../context/orchestration-context';
import type { InProcessOptions, OrchestrationInput, Orchestrator } from '../orchestrator/orchestrator.types';
import { fail, isStepResult, skip, type StepResult } from '../result/step-result';

/**
 * Calls one orchestrator as the facade does and never throws: `canOrchestrate() === false` is a `skipped` result,
 * a throw a retryable `processing` error, a returned value that is not a StepResult an `internal` error; then
 * `afterOrchestrate()` sees the result (its own failure is logged, never returned).
 */
export async function invokeOrchestrator(
  o: Orchestrator,
  ctx: OrchestrationContext,
  input: OrchestrationInput,
  inProcess: InProcessOptions | undefined,
  logger: Logger,
): Promise<StepResult> {
  let result: StepResult;
  try {
    const can = o.canOrchestrate ? o.canOrchestrate(ctx, input) : true;
    if (can === false || (can !== true && !(await can))) {
      result = skip(`${o.name} cannot orchestrate this input`);
    } else {
      const returned: unknown = await o.orchestrate(ctx, input, inProcess);
      result = isStepResult(returned)
        ? returned
        : fail('internal', `${o.name} returned a value that is not a StepResult`, { retryable: false });
    }
  } catch (e) {
    logger.error({ event: 'orchestration_threw', orchestrator: o.name, request_id: ctx.requestId, err: e });
    result = fail('processing', `${o.name} failed: ${errorMessage(e)}`, { retryable: true });
  }
  if (o.afterOrchestrate) {
    try {
      await o.afterOrchestrate(ctx, result);
    } catch (e) {
      logger.warn({
        event: 'after_orchestrate_failed',
        orchestrator: o.name,
        request_id: ctx.requestId,
        err: e,
      });
    }
  }
  return result;
}

/** The message of a thrown value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
