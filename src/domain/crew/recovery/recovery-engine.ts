import type { Depth } from '../../content';
import { planRecovery, RecoveryStrategy, simplifiedParams, type RecoveryPlan } from './recovery-plan';
import { classifySeverity, type FailureDescription } from './severity';

/** Retries after the first attempt, at most. */
export const MAX_RETRIES = 3;
/** Back-off unit after a failed (non-throwing) result: retry n (1-based) waits n × 500 ms. */
export const RETRY_DELAY_MS = 500;

/** Where a stage is in its recovery. */
export interface RecoveryContext {
  /** Stage id, a workflow-step name such as `content_acquisition`. */
  readonly stage: string;
  /** The agent running the stage, for the fallback tool. */
  readonly agent?: string | null;
  readonly depth: Depth;
  /** Retries made so far (0 after the first attempt). */
  readonly retryCount: number;
}

/** What a degraded stage returns instead of its own output. */
export interface DegradedOutput {
  readonly degradedExecution: true;
  /** `partial` when a fallback tool can stand in for the agent, `minimal` when none can. */
  readonly degradationLevel: 'partial' | 'minimal';
  readonly fallbackTool: string | null;
  readonly stage: string;
  readonly error: string;
}

/** The engine's decision after a failed attempt. */
export type RecoveryDecision =
  | {
      readonly action: 'retry';
      readonly delayMs: number;
      readonly params: Readonly<Record<string, unknown>>;
      readonly plan: RecoveryPlan | null;
    }
  | { readonly action: 'degrade'; readonly output: DegradedOutput; readonly plan: RecoveryPlan }
  | { readonly action: 'stop'; readonly reason: 'abort' | 'retries_exhausted'; readonly plan: RecoveryPlan | null };

/**
 * After a stage returned a failed (error) result without throwing: retry after `(retryCount + 1) × 500 ms`
 * while fewer than 3 retries were made, else stop with that result.
 */
export function decideAfterFailedResult(ctx: RecoveryContext): RecoveryDecision {
  if (ctx.retryCount >= MAX_RETRIES) return { action: 'stop', reason: 'retries_exhausted', plan: null };
  return { action: 'retry', delayMs: (ctx.retryCount + 1) * RETRY_DELAY_MS, params: {}, plan: null };
}

/**
 * After a stage threw: classify the severity, make the plan, then — abort → stop; graceful
 * degradation → a degraded ok output; retry count ≥ min(3, plan max) → stop with the interim result; else
 * retry at once with the plan's parameters (simplified parameters, or the fallback tool to use).
 */
export function decideAfterThrow(
  failure: FailureDescription,
  ctx: RecoveryContext,
): RecoveryDecision & { readonly plan: RecoveryPlan } {
  const plan = planRecovery(classifySeverity(failure, ctx.stage, ctx.retryCount), ctx.retryCount, ctx.agent);
  if (plan.stop) return { action: 'stop', reason: 'abort', plan };
  if (plan.strategy === RecoveryStrategy.GracefulDegradation) {
    const output: DegradedOutput = {
      degradedExecution: true,
      degradationLevel: plan.fallbackTool ? 'partial' : 'minimal',
      fallbackTool: plan.fallbackTool,
      stage: ctx.stage,
      error: failure.message,
    };
    return { action: 'degrade', output, plan };
  }
  if (ctx.retryCount >= Math.min(MAX_RETRIES, plan.maxRetries))
    return { action: 'stop', reason: 'retries_exhausted', plan };
  const params: Record<string, unknown> = plan.useSimplifiedParams ? { ...simplifiedParams(ctx.depth) } : {};
  if (plan.strategy === RecoveryStrategy.FallbackTool && plan.fallbackTool) params.fallbackTool = plan.fallbackTool;
  return { action: 'retry', delayMs: 0, params, plan };
}
