import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
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
import type { StepResult } from '../../core/result/step-result';
import { ResilienceService } from './resilience.service';

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

export const HEALTH_MONITOR_JOB = 'resilience.health_monitor';

/**
 * The `resilience` orchestrator (infrastructure, adaptive): runs caller-supplied work under a strategy (see
 * {@link ResilienceService}). Its health monitor is a kernel background job started at bootstrap that refreshes
 * every service's health flag each `resilience.healthCheckEveryMs` and runs until application shutdown — no
 * per-call hook touches it.
 */
@Orchestrator({
  name: 'resilience',
  layer: 'infrastructure',
  type: 'adaptive',
  description: 'Circuit breakers, retry, fallback and health-weighted routing for calls to other services',
})
@Injectable()
export class ResilienceOrchestrator
  extends BaseOrchestrator<ResilienceInput, ResilientValue<unknown>>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  constructor(
    private readonly resilience: ResilienceService,
    private readonly jobs: BackgroundJobs,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    setResiliencePort(this.resilience);
    this.jobs.register(HEALTH_MONITOR_JOB, { everyMs: this.config.resilience.healthCheckEveryMs }, () => {
      this.resilience.checkHealth();
    });
  }

  onApplicationShutdown(): void {
    setResiliencePort(undefined);
  }

  orchestrate(ctx: OrchestrationContext, input: ResilienceInput): Promise<StepResult<ResilientValue<unknown>>> {
    const options: ExecuteOptions<unknown> = {
      strategy: input.strategy,
      fallback: input.fallback,
      timeoutMs: input.timeoutMs,
      retry: input.retry,
      signal: ctx.signal,
    };
    return this.resilience.execute(input.service, input.primary, options);
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
