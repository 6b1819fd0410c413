import { Logger } from '@nestjs/common';
import type { OrchestrationContext } from '../context/orchestration-context';
import type { StepResult } from '../result/step-result';
import { getOrchestratorMeta } from './orchestrator.decorator';
import { completedFields, startedFields } from './orchestration-log';
import {
  OrchestrationType,
  type InProcessOptions,
  type InputSchema,
  type OrchestrationInput,
  type OrchestrationLayer,
  type Orchestrator,
  type OrchestratorMeta,
} from './orchestrator.types';

/**
 * Convenience base class: name, layer, type and description come from the `@Orchestrator()` decorator
 * (or from the constructor, for orchestrators registered by hand), and it carries a logger plus the
 * structured `orchestration_started` / `orchestration_completed` lines the facade writes for every call.
 */
export abstract class BaseOrchestrator<
  TInput extends OrchestrationInput = OrchestrationInput,
  TData = unknown,
  TInProcess extends InProcessOptions = InProcessOptions,
> implements Orchestrator<TInput, TData, TInProcess> {
  readonly name: string;
  readonly layer: OrchestrationLayer;
  readonly type: OrchestrationType;
  readonly description: string;
  readonly permissions: OrchestratorMeta['permissions'];
  readonly inputSchema?: InputSchema;
  protected readonly logger: Logger;

  constructor(meta?: OrchestratorMeta) {
    const resolved = meta ?? getOrchestratorMeta(new.target);
    if (!resolved) {
      throw new Error(`${new.target.name} needs @Orchestrator({ name, layer }) or metadata passed to the constructor`);
    }
    this.name = resolved.name;
    this.layer = resolved.layer;
    this.type = resolved.type ?? OrchestrationType.Sequential;
    this.description = resolved.description ?? '';
    this.permissions = resolved.permissions;
    this.inputSchema = resolved.inputSchema;
    this.logger = new Logger(new.target.name);
  }

  abstract orchestrate(ctx: OrchestrationContext, input: TInput, inProcess?: TInProcess): Promise<StepResult<TData>>;

  /** Writes the `orchestration_started` line (debug level). */
  logStart(ctx: OrchestrationContext, input: OrchestrationInput): void {
    this.logger.debug(startedFields(this.name, this.layer, ctx, input));
  }

  /** Writes the `orchestration_completed` line (debug level; warn when the result is an error). */
  logEnd(ctx: OrchestrationContext, result: StepResult, durationMs: number): void {
    const fields = completedFields(this.name, this.layer, ctx, result, durationMs);
    if (result.status === 'error') this.logger.warn(fields);
    else this.logger.debug(fields);
  }
}
