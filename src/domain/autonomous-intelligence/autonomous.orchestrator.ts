import { Inject, Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { lazyPort, type LazyPort } from '../../core/lazy/lazy-port';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { FEEDBACK, type FeedbackPort } from '../../core/ports/feedback.port';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import {
  AGENT_RUNTIME,
  AutointelMetrics,
  autointelParallelConfig,
  effectiveDepth,
  LLM,
  RunAdmission,
  RunHistoryAnalytics,
  RunInputDto,
  STAGE_TOOLS,
  workflowId,
  type AgentRuntime,
  type HostResources,
  type LlmPort,
  type ParallelConfig,
  type RunInProcessOptions,
  type StageToolsFactory,
} from '../crew';
import type { AutointelResult } from './workflow/autointel-result';
import { AutonomousRun } from './workflow/autonomous-run';
import { trajectoryOf } from './workflow/trajectory';

/** The host the parallel settings are tuned for; default this machine's CPUs and memory. Tests pin it. */
export const HOST_RESOURCES = Symbol('HOST_RESOURCES');

/**
 * Input: `{ url, depth? }` ({@link RunInputDto}). The workflow id (default {@link workflowId} of the URL and start
 * time), progress and local file access come as in-process options.
 */
export interface AutonomousInput extends OrchestrationInput {
  url?: unknown;
  depth?: unknown;
}

/**
 * `autonomous_intelligence` (domain, hierarchical): a crew plan per depth executed by the agent
 * runtime (deterministic over the content ports by default, an LLM on request), then the depth's stage library,
 * synthesis and delivery. The result is an `AutointelResult`, under `data` both on success and on failure
 * (an `error` result then, so HTTP callers see the failure). Each finished run submits a trajectory to the
 * feedback port when one is provided. A run holds a slot and runs under the deadline of the shared
 * {@link RunAdmission}.
 */
@Orchestrator({
  name: 'autonomous_intelligence',
  layer: 'domain',
  type: 'hierarchical',
  description:
    'Content intelligence by a crew of agents over the stage library: plan per depth, analyses, scoring, synthesis, report',
  inputSchema: RunInputDto,
})
@Injectable()
export class AutonomousIntelligenceOrchestrator extends BaseOrchestrator<
  AutonomousInput,
  AutointelResult,
  RunInProcessOptions
> {
  private readonly parallel: ParallelConfig;
  private readonly feedback: LazyPort<FeedbackPort>;

  constructor(
    @Inject(AGENT_RUNTIME) private readonly runtime: AgentRuntime,
    @Inject(STAGE_TOOLS) private readonly tools: StageToolsFactory,
    @Inject(LLM) private readonly llm: LlmPort,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: AutointelMetrics,
    private readonly history: RunHistoryAnalytics,
    private readonly config: AppConfig,
    private readonly admission: RunAdmission,
    moduleRef: ModuleRef,
    @Optional() @Inject(HOST_RESOURCES) host?: HostResources,
  ) {
    super();
    this.parallel = autointelParallelConfig(
      config,
      (warning) => this.logger.warn({ event: 'autointel_parallel_setting_ignored', warning }),
      host,
    );
    this.feedback = lazyPort<FeedbackPort>(moduleRef, FEEDBACK);
  }

  async orchestrate(
    ctx: OrchestrationContext,
    input: AutonomousInput,
    inProcess: RunInProcessOptions = {},
  ): Promise<StepResult<AutointelResult>> {
    const url = typeof input.url === 'string' ? input.url.trim() : '';
    if (!url) return fail('validation', 'url is required (a non-blank string)', { retryable: false });
    const requested = input.depth ?? undefined;
    if (requested !== undefined && typeof requested !== 'string')
      return fail('validation', `depth must be a string, got ${JSON.stringify(requested)}`, { retryable: false });
    return this.admission.run(ctx, inProcess.slot, (runCtx) => this.run(runCtx, url, requested, inProcess));
  }

  private async run(
    ctx: OrchestrationContext,
    url: string,
    requestedDepth: string | undefined,
    inProcess: RunInProcessOptions,
  ): Promise<StepResult<AutointelResult>> {
    const id = inProcess.workflowId || workflowId(url, this.clock.now());
    const depth = effectiveDepth(requestedDepth, this.config.autointel.experimentalDepth);
    const run = new AutonomousRun(
      {
        runtime: this.runtime,
        tools: this.tools,
        llm: this.llm,
        clock: this.clock,
        metrics: this.metrics,
        log: (level, fields) => this.logger[level]({ ...fields, tenant_id: ctx.tenantId, request_id: ctx.requestId }),
        parallel: this.parallel,
        semanticRouter: this.config.autointel.semanticRouter,
      },
      {
        workflowId: id,
        url,
        depth,
        tenantId: ctx.tenantId,
        workspaceId: ctx.workspaceId,
        signal: ctx.signal,
        localFiles: inProcess.localFiles,
        progress: inProcess.progress,
      },
    );
    const result = await run.execute();
    this.history.record({
      workflowId: id,
      depth: depth.effective,
      status: result.status,
      durationMs: Math.round(result.processingTimeS * 1000),
      at: this.clock.now(),
    });
    await this.submitTrajectory(ctx, result);
    if (result.status === 'completed') return ok(result);
    // An acquisition failure keeps its own category (not_found, forbidden, …) so HTTP callers see why.
    const s1 = result.stages.S1;
    return fail(s1?.status === 'error' ? s1.category : 'processing', `${result.failedStage}: ${result.error}`, {
      retryable: false,
      data: result,
    });
  }

  /** Trajectory feedback (stage outcomes, runtime, latency, cost); never fails the run. */
  private async submitTrajectory(ctx: OrchestrationContext, result: AutointelResult): Promise<void> {
    const port = this.feedback.tryGet();
    if (!port) return;
    try {
      const { trajectory, evaluation } = trajectoryOf(
        result,
        this.llm.enabled && this.runtime.name === 'llm' ? this.config.llm.model : undefined,
      );
      const receipt = await port.submitTrajectory(ctx, trajectory, evaluation);
      if (receipt.status === 'error')
        this.logger.warn({
          event: 'autointel_trajectory_refused',
          workflow_id: result.workflowId,
          error: receipt.error,
        });
    } catch (e) {
      this.logger.warn({
        event: 'autointel_trajectory_failed',
        workflow_id: result.workflowId,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
}
