import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { runWithContext } from '../../core/context/context-storage';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput, OrchestratorHealth } from '../../core/orchestrator/orchestrator.types';
import type { ErrorCategory } from '../../core/result/error-category';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import {
  CONTENT_ANALYSIS,
  CONTENT_PIPELINE,
  type ContentAnalysisPort,
  type ContentPipelinePort,
  type Envelope,
  type Quality,
} from '../content';
import { crewReport, crewTranscript, renderReport, type ContentReport } from '../report';
import { kickoffWithTimeout } from './crew-kickoff';
import { pipelineRunReport } from './enhanced-run-report';
import {
  AGENT_RUNTIME,
  AutointelMetrics,
  LLM,
  autointelParallelConfig,
  buildCrewPlan,
  canonicalDepth,
  RunAdmission,
  RunInputDto,
  STAGE_TOOLS,
  workflowId as autointelWorkflowId,
  type AgentRuntime,
  type LlmPort,
  type ParallelConfig,
  type ProgressOptions,
  type ProgressPort,
  type RunInProcessOptions,
  type StageToolsFactory,
} from '../crew';
import * as text from './enhanced-report';
import { CAPABILITY_IDS, HEALTH_PROBE, type HealthProbePort, type HealthReport } from './health-probe';

export type EnhancedPath = 'crew' | 'pipeline' | 'unavailable';

/** What `enhanced_autonomous` returns: under `data` of `ok`, and of `error` when `status` is `failed`. */
export interface EnhancedResult {
  readonly workflowId: string;
  readonly url: string;
  /** As requested, not canonicalised; the crew plan uses its canonical form. */
  readonly depth: string;
  /** The path that produced the outcome: `pipeline` also after a crew fallback. */
  readonly path: EnhancedPath;
  readonly fellBack: boolean;
  readonly fallbackReason?: 'timeout' | 'error';
  readonly quality: Quality;
  /** Every result, failure or unavailable message of the run, in order, whether or not its post succeeded (not progress lines). */
  readonly messages: string[];
  readonly status: 'completed' | 'failed';
  readonly error?: string;
  /** The report in Markdown, rendered from `contentReport`, when a path finished. */
  readonly report?: string;
  /** The report as data, when a path finished. */
  readonly contentReport?: ContentReport;
}

/** Input: `{ url, depth? }` ({@link RunInputDto}); progress and local file access come as in-process options. */
export interface EnhancedInput extends OrchestrationInput {
  url?: unknown;
  depth?: unknown;
}

/** `1080p` for comprehensive and experimental (exact, as requested), `720p` for anything else. */
export function qualityFor(depth: string): Quality {
  return depth === 'comprehensive' || depth === 'experimental' ? '1080p' : '720p';
}

const [CREW_STEPS, PIPELINE_STEPS] = [10, 6];
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Failure = { readonly category: ErrorCategory; readonly error: string; readonly retryable: boolean };
type Outcome = { fellBack: boolean; fallbackReason?: 'timeout' | 'error'; failure?: Failure };
/** The per-run state; the orchestrator itself holds only the probe's report. */
interface Run {
  readonly progress?: ProgressPort;
  readonly localFiles?: 'roots' | 'any';
  readonly ctx: OrchestrationContext;
  readonly url: string;
  readonly depth: string;
  readonly workflowId: string;
  readonly quality: Quality;
  readonly messages: string[];
  /** Epoch ms. */
  readonly started: number;
  path: EnhancedPath;
  /** Why the crew path gave way to the pipeline, when it did. */
  fellBackReason?: 'timeout' | 'error';
  /** The finished path's report. */
  report?: ContentReport;
}
/**
 * `enhanced_autonomous` (domain, adaptive): probes the system once at construction, then per run takes
 * the crew path (healthy and an agent runtime bound), else the pipeline path (a pipeline bound), else reports
 * itself unavailable. The crew runs under `autointel.enhancedCrewTimeoutMs` (default 1 800 000) through an
 * AbortController and a timer; a timeout or a throw falls back to the pipeline. Every progress update is a new
 * post `<message> (c/t)`; failing posts are logged at debug and never stop the run. A failed run (pipeline failure
 * or throw, unavailable) is an `error` result whose `data` is the {@link EnhancedResult}, so HTTP maps it to a failure.
 * A run holds a slot and runs under the deadline of the shared {@link RunAdmission}.
 */
@Orchestrator({
  name: 'enhanced_autonomous',
  layer: 'domain',
  type: 'adaptive',
  description: 'Crew analysis with a 30-minute cap, falling back to a single content-pipeline run',
  inputSchema: RunInputDto,
})
@Injectable()
export class EnhancedAutonomousOrchestrator extends BaseOrchestrator<
  EnhancedInput,
  EnhancedResult,
  RunInProcessOptions
> {
  /** Probed once, never refreshed (the original's `system_health`). */
  private readonly health: HealthReport;
  private readonly parallel: ParallelConfig;

  constructor(
    @Optional() @Inject(CONTENT_PIPELINE) private readonly pipeline: ContentPipelinePort | undefined,
    @Optional() @Inject(AGENT_RUNTIME) private readonly runtime: AgentRuntime | undefined,
    @Optional() @Inject(STAGE_TOOLS) private readonly tools: StageToolsFactory | undefined,
    @Inject(HEALTH_PROBE) probe: HealthProbePort,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: AutointelMetrics,
    private readonly config: AppConfig,
    private readonly admission: RunAdmission,
    @Optional() @Inject(CONTENT_ANALYSIS) private readonly analysis?: ContentAnalysisPort,
    @Optional() @Inject(LLM) private readonly llm?: LlmPort,
  ) {
    super();
    this.health = probe.probe();
    this.parallel = autointelParallelConfig(config, (warning) =>
      this.logger.warn({ event: 'autointel_parallel_setting_ignored', warning }),
    );
    this.logger.log({
      event: 'enhanced_health_probe',
      healthy: this.health.healthy,
      capabilities: this.health.capabilities.length,
      issues: this.health.issues.length,
    });
  }

  /** The probe's report from construction. */
  healthCheck = (): OrchestratorHealth => ({
    healthy: this.health.healthy,
    details: { capabilities: [...this.health.capabilities], issues: [...this.health.issues] },
  });

  async orchestrate(
    ctx: OrchestrationContext,
    input: EnhancedInput,
    inProcess: RunInProcessOptions = {},
  ): Promise<StepResult<EnhancedResult>> {
    const url = typeof input.url === 'string' ? input.url.trim() : '';
    if (!url) return fail('validation', 'URL parameter is required', { retryable: false });
    const depth = typeof input.depth === 'string' && input.depth !== '' ? input.depth : 'standard';
    return this.admission.run(ctx, inProcess.slot, (runCtx) => this.run(runCtx, url, depth, inProcess));
  }

  private async run(
    ctx: OrchestrationContext,
    url: string,
    depth: string,
    inProcess: RunInProcessOptions,
  ): Promise<StepResult<EnhancedResult>> {
    const started = this.clock.now();
    const run: Run = {
      ctx,
      url,
      depth,
      started,
      workflowId: `enhanced_${autointelWorkflowId(url, started)}`,
      quality: qualityFor(depth),
      progress: inProcess.progress,
      localFiles: inProcess.localFiles,
      messages: [],
      path: 'unavailable',
    };
    let outcome: Outcome;
    try {
      outcome = await this.execute(run);
    } catch (e) {
      this.logger.error({ event: 'enhanced_workflow_failed', workflow_id: run.workflowId, error: errorText(e) });
      await this.say(
        run,
        text.workflowFailureMessage({ error: errorText(e), workflowId: run.workflowId, health: this.health }),
      );
      outcome = {
        fellBack: false,
        failure: { category: 'processing', error: `Enhanced orchestration failed: ${errorText(e)}`, retryable: true },
      };
    }
    const { failure, fellBack, fallbackReason } = outcome;
    this.metrics.workflow(
      {
        depth: canonicalDepth(depth),
        outcome: failure ? 'error' : 'success',
        orchestrator: 'enhanced',
        path: run.path,
      },
      (this.clock.now() - started) / 1000,
    );
    const result: EnhancedResult = {
      workflowId: run.workflowId,
      url,
      depth,
      path: run.path,
      fellBack,
      ...(fallbackReason ? { fallbackReason } : {}),
      quality: run.quality,
      messages: run.messages,
      status: failure ? 'failed' : 'completed',
      ...(failure ? { error: failure.error } : {}),
      ...(run.report && !failure ? { report: renderReport(run.report, 'md'), contentReport: run.report } : {}),
    };
    return failure ? fail(failure.category, failure.error, { retryable: failure.retryable, data: result }) : ok(result);
  }

  /** The crew path when healthy with a runtime, else the pipeline path, else the unavailable message. */
  private async execute(run: Run): Promise<Outcome> {
    const has = (id: string) => this.health.capabilities.includes(id);
    if (this.health.healthy && has(CAPABILITY_IDS.agentRuntime) && this.runtime && this.tools) {
      const reason = await this.crewPath(run, this.runtime, this.tools);
      if (!reason) return { fellBack: false };
      run.fellBackReason = reason;
      return { fellBack: true, fallbackReason: reason, failure: await this.pipelinePath(run) };
    }
    if (has(CAPABILITY_IDS.contentPipeline)) return { fellBack: false, failure: await this.pipelinePath(run) };
    await this.say(run, text.unavailableMessage(this.health));
    return {
      fellBack: false,
      failure: {
        category: 'unavailable',
        error: `Enhanced autonomous intelligence unavailable: ${this.health.issues.join('; ') || 'no usable capability'}`,
        retryable: false,
      },
    };
  }

  /** Undefined when the crew finished, else why it falls back. */
  private async crewPath(
    run: Run,
    runtime: AgentRuntime,
    tools: StageToolsFactory,
  ): Promise<'timeout' | 'error' | undefined> {
    run.path = 'crew';
    await this.step(run, '🚀 Initialising the enhanced multi-agent analysis', 1, CREW_STEPS);
    const depth = canonicalDepth(run.depth);
    const plan = buildCrewPlan(run.url, depth, this.parallel);
    await this.step(run, `🤖 Launching the crew (${plan.order.length} tasks)`, 2, CREW_STEPS);
    const outcome = await kickoffWithTimeout({
      ctx: run.ctx,
      url: run.url,
      workflowId: run.workflowId,
      localFiles: run.localFiles,
      plan,
      depth,
      runtime,
      tools,
      timeoutMs: this.config.autointel.enhancedCrewTimeoutMs,
    });
    if (outcome.kind !== 'done') {
      const timeout = outcome.kind === 'timeout';
      this.logger.warn({
        event: timeout ? 'enhanced_crew_timeout' : 'enhanced_crew_failed',
        workflow_id: run.workflowId,
        error: timeout ? undefined : outcome.error,
      });
      const notice = timeout
        ? '⏱️ The crew timed out, switching to fallback'
        : `⚠️ The crew failed (${text.excerpt(outcome.error, 200)}), switching to fallback`;
      await this.step(run, notice, 5, CREW_STEPS);
      return outcome.kind;
    }
    await this.step(run, '✅ Multi-agent analysis complete', 10, CREW_STEPS);
    // The briefing pulls the assessment's stages (S1–S4, S6, S11, S12), each run once per run.
    await outcome.tools.briefing();
    const stages = outcome.tools.results();
    run.report = await crewReport({
      mode: 'enhanced',
      digest: await outcome.tools.digest(),
      stages,
      transcript: crewTranscript(stages),
      depth,
      llm: this.llm,
      runtime: runtime.name,
      processingTimeS: this.elapsed(run),
      now: this.clock.now(),
      signal: run.ctx.signal,
    });
    await this.say(
      run,
      this.format(() => renderReport(run.report!, 'md')),
    );
    return undefined;
  }

  /** Undefined on success, else the failure (a failed result or a throw of the pipeline). */
  private async pipelinePath(run: Run): Promise<Failure | undefined> {
    run.path = 'pipeline';
    const { ctx, url, workflowId, quality } = run;
    await this.step(run, '🔄 Using the content pipeline', 1, PIPELINE_STEPS);
    await this.step(run, `📥 Processing the content (${quality})`, 2, PIPELINE_STEPS);
    let result: StepResult<Envelope>;
    try {
      const pipeline = this.pipeline;
      if (!pipeline) throw new Error('no content pipeline is bound');
      result = await runWithContext(ctx, () =>
        pipeline.process(url, {
          quality,
          tenantId: ctx.tenantId,
          workspaceId: ctx.workspaceId,
          signal: ctx.signal,
          localFiles: run.localFiles,
        }),
      );
    } catch (e) {
      await this.say(run, text.pipelineThrowMessage({ error: errorText(e), workflowId }));
      return { category: 'processing', error: `Pipeline execution failed: ${errorText(e)}`, retryable: true };
    }
    await this.step(run, '✅ Pipeline processing finished', 6, PIPELINE_STEPS);
    if (result.status === 'error' || result.status === 'skipped') {
      const [error, category, retryable] =
        result.status === 'error'
          ? [result.error, result.category, result.retryable]
          : [result.reason, 'processing' as const, false];
      await this.say(run, text.pipelineFailureMessage({ error, url, workflowId }));
      return { category, error: `Pipeline processing failed: ${error}`, retryable };
    }
    const payload = result.data.payload;
    run.report = await pipelineRunReport({
      analysis: this.analysis,
      payload,
      depth: canonicalDepth(run.depth),
      fellBack: run.fellBackReason,
      processingTimeS: this.elapsed(run),
      now: () => this.clock.now(),
    });
    await this.say(
      run,
      this.format(() => renderReport(run.report!, 'md')),
    );
    return undefined;
  }

  private elapsed = (run: Run) => Math.round(this.clock.now() - run.started) / 1000;

  /** `build()`, or the short formatting-error text when it throws. */
  private format<T = string>(build: () => T, fallback: T = text.FORMATTING_ERROR_MESSAGE as T): T {
    try {
      return build();
    } catch (e) {
      this.logger.warn({ event: 'enhanced_formatting_failed', error: errorText(e) });
      return fallback;
    }
  }

  private step = (run: Run, message: string, current: number, total: number) =>
    this.post(run, text.progressLine(message, current, total), { step: { current, total } });

  /** A result or failure message: kept in `messages`, then posted. */
  private say = (run: Run, message: string) => (run.messages.push(message), this.post(run, message, {}));

  private async post(run: Run, message: string, options: ProgressOptions): Promise<void> {
    try {
      await run.progress?.post(message, options);
    } catch (e) {
      this.logger.debug({ event: 'progress_update_failed', workflow_id: run.workflowId, error: errorText(e) });
    }
  }
}
