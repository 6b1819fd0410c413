import { fail, ok, type StepResult } from '../../../core/result/step-result';
import type { Depth } from '../../content';
import {
  decideAfterFailedResult,
  decideAfterThrow,
  type DegradedOutput,
  type RecoveryDecision,
} from './recovery-engine';
import type { RecoveryOutcome } from './recovery-metrics';
import type { RecoveryStrategy } from './recovery-plan';
import type { ErrorSeverity, FailureDescription } from './severity';

/** How to run one stage under recovery. */
export interface StageRecoveryOptions {
  readonly stage: string;
  readonly agent?: string | null;
  readonly depth: Depth;
  /** The stage's own parameters; recovery merges simplified parameters or a fallback tool into them. */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Waits between retries (the caller's timer; a resolved promise in tests). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** One thrown error the handler dealt with. */
export interface HandledError {
  readonly retryCount: number;
  readonly severity: ErrorSeverity;
  readonly strategy: RecoveryStrategy;
  readonly message: string;
}

/** What happened to the stage. Feed `outcome` and `errors.length` to `recordRecovery`. */
export interface StageRecoveryReport<T> {
  readonly result: StepResult<T | DegradedOutput>;
  readonly outcome: RecoveryOutcome;
  /** Calls made to the stage. */
  readonly attempts: number;
  readonly errors: readonly HandledError[];
}

const describeError = (e: unknown): FailureDescription =>
  e instanceof Error ? { name: e.name, message: e.message } : { message: String(e) };

/**
 * Runs a stage with the recovery engine (the original's `executeStageWithRecovery`): an ok, skipped or uncertain
 * result ends it; an error result is retried with back-off (up to 3 retries); a throw goes through severity
 * and plan — abort, retry with merged parameters, graceful degradation (an ok {@link DegradedOutput}) or stop
 * with the interim result (the last error result, or an error describing the throw: category `internal`,
 * not retryable, for an abort; `processing` otherwise).
 */
export async function executeStageWithRecovery<T>(
  run: (params: Readonly<Record<string, unknown>>) => Promise<StepResult<T>>,
  options: StageRecoveryOptions,
): Promise<StageRecoveryReport<T>> {
  let params: Readonly<Record<string, unknown>> = { ...options.params };
  const errors: HandledError[] = [];
  for (let retryCount = 0, attempts = 1; ; retryCount++, attempts++) {
    const ctx = { stage: options.stage, agent: options.agent, depth: options.depth, retryCount };
    let decision: RecoveryDecision;
    let interim: StepResult<T>;
    try {
      const result = await run(params);
      if (result.status !== 'error')
        return { result, outcome: retryCount === 0 ? 'clean' : 'recovered', attempts, errors };
      interim = result;
      decision = decideAfterFailedResult(ctx);
    } catch (e) {
      const failure = describeError(e);
      const handled = decideAfterThrow(failure, ctx);
      const plan = handled.plan;
      decision = handled;
      errors.push({ retryCount, severity: plan.severity, strategy: plan.strategy, message: failure.message });
      const abort = handled.action === 'stop' && handled.reason === 'abort';
      interim = fail(
        abort ? 'internal' : 'processing',
        `${options.stage} failed (${plan.severity}, ${plan.strategy}): ${failure.message}`,
        {
          retryable: !abort,
        },
      );
    }
    if (decision.action === 'stop') return { result: interim, outcome: 'failed', attempts, errors };
    if (decision.action === 'degrade') return { result: ok(decision.output), outcome: 'degraded', attempts, errors };
    if (decision.delayMs > 0) await options.sleep(decision.delayMs);
    params = { ...params, ...decision.params };
  }
}
