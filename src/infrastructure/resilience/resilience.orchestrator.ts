import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BackgroundJobs } from '../../core/jobs/background-jobs';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestratorHealth } from '../../core/orchestrator/orchestrator.types';
import type {
  ExecuteOptions,
  ResilienceStrategy,
  ResilientOperation,
  ResilientValue,
  RetryOptions,
  RouteCandidate,
} from '../../core/ports/resilience.port';
import { setResiliencePort } from '../../core/resilience/resilience.accessor';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { SERVICE_NAME_PATTERN } from './execute-validation';
import { ResilienceConfig } from './resilience.config';
import { ResilienceService } from './resilience.service';
import type { BreakerSummary, ResilienceSummary } from './resilience.types';

/** Input of `facade.orchestrate('resilience', ctx, input)`; the call's signal is the context's. */
export interface ResilienceInput {
  [key: string]: unknown;
  service: string;
  primary: ResilientOperation<unknown> | readonly RouteCandidate<unknown>[];
  fallback?: ResilientOperation<unknown>;
  strategy?: ResilienceStrategy;
  timeoutMs?: number;
  retry?: RetryOptions;
}

/** The orchestrator's registered name. */
export const RESILIENCE_ORCHESTRATOR = 'resilience';

/** Operator operations, selected by `operation` (an input without one runs `primary` under a strategy). */
export const RESILIENCE_OPERATIONS = ['summary', 'breaker'] as const;
export type ResilienceOperation = (typeof RESILIENCE_OPERATIONS)[number];
const BREAKER_ACTIONS = ['open', 'close', 'reset'] as const;

/** `{ operation: 'summary' }`, or `{ operation: 'breaker', service, action: 'open' | 'close' | 'reset' }`. */
export interface ResilienceOperationInput {
  [key: string]: unknown;
  operation: ResilienceOperation;
  service?: unknown;
  action?: unknown;
}

/** What an operator operation answers. */
export type ResilienceOperationData = ResilienceSummary | { service: string; breaker: BreakerSummary };

export const HEALTH_MONITOR_JOB = 'resilience.health_monitor';

/**
 * The `resilience` orchestrator (infrastructure, adaptive): runs caller-supplied work under a strategy (see
 * {@link ResilienceService}); with an `operation`, reports the summary or drives a breaker instead. Its health
 * monitor is a kernel background job started at bootstrap that refreshes every service's health flag each
 * `resilience.healthCheckEveryMs` and runs until application shutdown — no per-call hook touches it.
 */
@Orchestrator({
  name: RESILIENCE_ORCHESTRATOR,
  layer: 'infrastructure',
  type: 'adaptive',
  description: 'Circuit breakers, retry, fallback and health-weighted routing for calls to other services',
  permissions: { run: 'resilience.run', operations: { summary: 'resilience.read', breaker: 'resilience.admin' } },
})
@Injectable()
export class ResilienceOrchestrator
  extends BaseOrchestrator<
    ResilienceInput | ResilienceOperationInput,
    ResilientValue<unknown> | ResilienceOperationData
  >
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(
    private readonly resilience: ResilienceService,
    private readonly jobs: BackgroundJobs,
    private readonly config: ResilienceConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    setResiliencePort(this.resilience);
    this.jobs.register(HEALTH_MONITOR_JOB, { everyMs: this.config.healthCheckEveryMs }, () => {
      this.resilience.checkHealth();
    });
  }

  onApplicationShutdown(): void {
    setResiliencePort(undefined);
  }

  orchestrate(
    ctx: OrchestrationContext,
    input: ResilienceInput | ResilienceOperationInput,
  ): Promise<StepResult<ResilientValue<unknown> | ResilienceOperationData>> {
    if (input.operation !== undefined) return Promise.resolve(this.operate(input as ResilienceOperationInput));
    return this.execute(ctx, input as ResilienceInput);
  }

  private execute(ctx: OrchestrationContext, input: ResilienceInput): Promise<StepResult<ResilientValue<unknown>>> {
    const options: ExecuteOptions<unknown> = {
      strategy: input.strategy,
      fallback: input.fallback,
      timeoutMs: input.timeoutMs,
      retry: input.retry,
      signal: ctx.signal,
    };
    return this.resilience.execute(input.service, input.primary, options);
  }

  private operate(input: ResilienceOperationInput): StepResult<ResilienceOperationData> {
    if (!(RESILIENCE_OPERATIONS as readonly unknown[]).includes(input.operation))
      return fail('validation', `operation must be one of ${RESILIENCE_OPERATIONS.join(', ')}`);
    switch (input.operation) {
      case 'summary':
        return ok(this.resilience.summary());
      case 'breaker': {
        const { service, action } = input;
        if (typeof service !== 'string' || !SERVICE_NAME_PATTERN.test(service))
          return fail('validation', 'service must be 1-200 letters, digits or . _ : / -');
        if (!(BREAKER_ACTIONS as readonly unknown[]).includes(action))
          return fail('validation', `action must be one of ${BREAKER_ACTIONS.join(', ')}`);
        const breaker = this.resilience.act(service, action as (typeof BREAKER_ACTIONS)[number]);
        if (!breaker) return fail('not_found', `No circuit breaker for service "${service}"`);
        return ok({ service, breaker });
      }
    }
  }

  healthCheck(): OrchestratorHealth {
    const monitor = this.jobs.list().find((j) => j.name === HEALTH_MONITOR_JOB);
    const summary = this.resilience.summary();
    const open = Object.entries(summary.breakers)
      .filter(([, b]) => b.state === 'open')
      .map(([name]) => name);
    return {
      healthy: monitor !== undefined,
      details: {
        monitorRunning: monitor !== undefined,
        degradationMode: summary.degradationMode,
        openBreakers: open,
        score: summary.score,
      },
    };
  }
}
