import { assertNever } from '../../../core/result/step-result';
import type { Depth } from '../../content';
import { fallbackToolFor, type FallbackTool } from './fallback-tools';
import { ErrorSeverity } from './severity';

/** What to do about a thrown stage error. */
export const RecoveryStrategy = {
  Abort: 'abort',
  Retry: 'retry',
  GracefulDegradation: 'graceful_degradation',
  FallbackTool: 'fallback_tool',
  SimplifiedExecution: 'simplified_execution',
} as const;
export type RecoveryStrategy = (typeof RecoveryStrategy)[keyof typeof RecoveryStrategy];

/** A recovery plan. */
export interface RecoveryPlan {
  readonly severity: ErrorSeverity;
  readonly strategy: RecoveryStrategy;
  /** Retries this plan allows; the engine stops once the retry count reaches min(3, maxRetries). */
  readonly maxRetries: number;
  /** Stop now and return the interim result. */
  readonly stop: boolean;
  /** Merge {@link simplifiedParams} into the stage's parameters before the next attempt. */
  readonly useSimplifiedParams: boolean;
  /** The tool standing in for the stage's agent (fallback-tool and degradation plans), when one exists. */
  readonly fallbackTool: FallbackTool | null;
}

/**
 * The plan for a severity at a retry count: CRITICAL → abort (stop); HIGH and retry < 2 → retry
 * with simplified parameters (max 2); HIGH otherwise → graceful degradation with the fallback tool; MEDIUM and
 * retry < 3 → fallback tool (max 1); MEDIUM otherwise and LOW → simplified execution (max 1).
 */
export function planRecovery(severity: ErrorSeverity, retryCount: number, agent?: string | null): RecoveryPlan {
  const tool = fallbackToolFor(agent);
  const plan = (strategy: RecoveryStrategy, maxRetries: number, extra: Partial<RecoveryPlan> = {}): RecoveryPlan => ({
    severity,
    strategy,
    maxRetries,
    stop: false,
    useSimplifiedParams: false,
    fallbackTool: null,
    ...extra,
  });
  switch (severity) {
    case ErrorSeverity.Critical:
      return plan(RecoveryStrategy.Abort, 0, { stop: true });
    case ErrorSeverity.High:
      return retryCount < 2
        ? plan(RecoveryStrategy.Retry, 2, { useSimplifiedParams: true })
        : plan(RecoveryStrategy.GracefulDegradation, 0, { fallbackTool: tool });
    case ErrorSeverity.Medium:
      if (retryCount < 3) return plan(RecoveryStrategy.FallbackTool, 1, { fallbackTool: tool });
      return plan(RecoveryStrategy.SimplifiedExecution, 1, { useSimplifiedParams: true });
    case ErrorSeverity.Low:
      return plan(RecoveryStrategy.SimplifiedExecution, 1, { useSimplifiedParams: true });
    default:
      return assertNever(severity);
  }
}

/** Parameters that make a stage cheaper to run again. */
export interface SimplifiedParams {
  readonly reducedComplexity: true;
  readonly skipOptionalAnalysis: true;
  readonly useCachedResults: true;
  readonly minimalValidation: true;
  readonly fallbackToComprehensive?: true;
  readonly skipExperimentalFeatures?: true;
  readonly fallbackToDeep?: true;
  readonly skipAdvancedFeatures?: true;
}

/**
 * Simplified parameters: reduced complexity, skip optional analysis, use cached results, minimal
 * validation; experimental adds fall-back-to-comprehensive and skip-experimental-features; comprehensive adds
 * fall-back-to-deep and skip-advanced-features.
 */
export function simplifiedParams(depth: Depth): SimplifiedParams {
  const base = {
    reducedComplexity: true,
    skipOptionalAnalysis: true,
    useCachedResults: true,
    minimalValidation: true,
  } as const;
  if (depth === 'experimental') return { ...base, fallbackToComprehensive: true, skipExperimentalFeatures: true };
  if (depth === 'comprehensive') return { ...base, fallbackToDeep: true, skipAdvancedFeatures: true };
  return base;
}
