import { DiscoveryService } from '@nestjs/core';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import type { StepResult } from '../../../core/result/step-result';

/** What a task handler is given for one attempt of one task. */
export interface TaskCall {
  /** A child of the session's context (tenant, workspace, request, trace, principal), aborted with `signal`. */
  readonly ctx: OrchestrationContext;
  readonly sessionId: string;
  readonly taskId: string;
  readonly objectiveId: string;
  readonly type: string;
  /** The objective's `input`, as checked by {@link TaskHandler.inputProblems}. */
  readonly input: Readonly<Record<string, unknown>>;
  /** The data of the tasks it depends on, by objective id. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The registered agent the task was routed to. */
  readonly agentId: string;
  /**
   * `<sessionId>/<taskId>#<attempt>`: the same when an interrupted attempt is run again after a restart, new for
   * each retry. A handler with a side effect keys it on this, so that the effect happens once per attempt.
   */
  readonly idempotencyKey: string;
  /** Aborts at the task's timeout, when the task is found stuck, and when the session is cancelled or stopped. */
  readonly signal: AbortSignal;
  /** Tells the monitor the task is moving (a task without progress for `hierarchy.stuckTaskMs` is stuck). */
  progress(): void;
  /**
   * Hands work to another registered agent of the tenant, by id: runs the handler of `type` for it and answers its
   * result. An unknown agent, or one that cannot take `type`, is a validation error; the same delegation (from,
   * to, input) repeated `hierarchy.delegationRepeatLimit` times stops the task as stuck in a loop.
   */
  delegate(to: string, type: string, input: Readonly<Record<string, unknown>>): Promise<StepResult<unknown>>;
}

/**
 * Does the work of one task type. Built-in types: `autointel`, `fallback`, `feedback`, `synthesis`; a module adds
 * its own with {@link HierarchyTaskHandler}.
 */
export interface TaskHandler {
  /** What is wrong with an objective's `input`, each problem naming its field; empty when it can run. */
  inputProblems(input: Readonly<Record<string, unknown>>): string[];
  handle(call: TaskCall): Promise<StepResult<unknown>>;
}

/**
 * Marks a provider as the handler of a task type (a {@link TaskHandler}); discovered at boot, so importing the
 * module that provides it is all it takes. Two handlers of one type stop the boot.
 *
 * @example
 * @HierarchyTaskHandler('translate')
 * @Injectable()
 * export class TranslateHandler implements TaskHandler { inputProblems(input) { … } async handle(call) { … } }
 */
export const HierarchyTaskHandler = DiscoveryService.createDecorator<string>();

const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Whether `type` is a well-formed task type (lower case, digits, `_ . -`, up to 64 characters). */
export const isTaskType = (type: string): boolean => TYPE.test(type);
