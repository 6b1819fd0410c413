import { Inject, Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, skip, type StepError, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { AppConfig } from '../../core/config/app-config';
import {
  CONTENT_ANALYSIS,
  CONTENT_PIPELINE,
  DEPTHS,
  QUALITIES,
  type ContentAnalysisPort,
  type ContentPipelinePort,
  type Depth,
  type Envelope,
  type Payload,
} from '../content';
import {
  parseDepth,
  progressText,
  RunAdmission,
  RunInputDto,
  type ProgressPort,
  type RunInProcessOptions,
} from '../crew';
import { renderFallbackReport, type AnalysisData, type FactData } from './fallback-report';

/** What `fallback_autonomous` returns under `data`. */
export interface FallbackResult {
  readonly report: string;
  readonly url: string;
  readonly depth: Depth;
  /** Seconds, from the injected clock. */
  readonly processingTime: number;
  readonly pipelineData: Payload;
  readonly analysisData: StepResult<AnalysisData>;
  readonly factData: StepResult<FactData>;
}

/** Input: `{ url, depth? }` ({@link RunInputDto}); progress and local file access come as in-process options. */
export interface FallbackInput extends OrchestrationInput {
  url?: unknown;
  depth?: unknown;
}

const STEPS = 5;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * `fallback_autonomous` (domain, sequential): one acquisition down the quality ladder
 * 720p → audio → worst, basic analysis (text, sentiment, summary), a basic fact check (claims and fallacies), and
 * the Markdown report. Only a failed acquisition or an unexpected throw stops it; the two analysis stages report
 * their failure and the run goes on. The tenant and workspace of the context reach the pipeline (the original
 * dropped them).
 * Progress, when an in-process caller gives a {@link ProgressPort}, is five updates with a ten-cell bar: the first
 * posted, the rest edits (a failing edit becomes a post); progress failures never fail the run. A run holds a slot
 * and runs under the deadline of the shared {@link RunAdmission}.
 */
@Orchestrator({
  name: 'fallback_autonomous',
  layer: 'domain',
  type: 'sequential',
  description:
    'Content intelligence without agents: acquisition ladder, local analysis and fact checks, Markdown report',
  inputSchema: RunInputDto,
})
@Injectable()
export class FallbackAutonomousOrchestrator extends BaseOrchestrator<
  FallbackInput,
  FallbackResult,
  RunInProcessOptions
> {
  constructor(
    @Inject(CONTENT_PIPELINE) private readonly pipeline: ContentPipelinePort,
    @Inject(CONTENT_ANALYSIS) private readonly analysis: ContentAnalysisPort,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly admission: RunAdmission,
  ) {
    super();
  }

  async orchestrate(
    ctx: OrchestrationContext,
    input: FallbackInput,
    inProcess: RunInProcessOptions = {},
  ): Promise<StepResult<FallbackResult>> {
    const url = typeof input.url === 'string' ? input.url.trim() : '';
    if (!url) return fail('processing', 'URL parameter is required', { retryable: false });
    const depth = parseDepth(input.depth);
    if (!depth)
      return fail('validation', `depth must be one of ${DEPTHS.join(', ')}, got ${JSON.stringify(input.depth)}`, {
        retryable: false,
      });
    return this.admission.run(ctx, inProcess.slot, (runCtx) => this.run(runCtx, url, depth, inProcess));
  }

  private async run(
    ctx: OrchestrationContext,
    url: string,
    depth: Depth,
    inProcess: RunInProcessOptions,
  ): Promise<StepResult<FallbackResult>> {
    const progress = new StepProgress(inProcess.progress, (fields) =>
      this.logger.warn({ event: 'progress_update_failed', ...fields }),
    );
    const started = this.clock.now();
    try {
      await progress.step(1, 'Starting basic analysis (fallback mode: no multi-agent crew)');
      await progress.step(2, 'Acquiring the content');
      const acquired = await this.acquire(ctx, url, inProcess.localFiles);
      if (acquired.status === 'error') {
        await progress.say(
          `Content acquisition failed: ${acquired.error}\nMode: fallback (basic analysis)\nURL: ${url}\nHint: check the URL; video platforms need yt-dlp on PATH.`,
          false,
        );
        return acquired;
      }
      const payload = acquired.envelope.payload;
      await progress.step(3, 'Analysing the text');
      const analysisData = await this.basicAnalysis(payload.transcription.transcript);
      await progress.step(4, 'Checking claims and reasoning');
      const factData = await this.basicFactCheck(ctx, url, payload.transcription.transcript);
      const processingTime = (this.clock.now() - started) / 1000;
      await progress.step(5, 'Writing the report');
      const report = renderFallbackReport({
        url,
        depth,
        processingTime,
        payload,
        analysis: analysisData,
        facts: factData,
        now: this.clock.now(),
      });
      await progress.say(report, false);
      return ok({ report, url, depth, processingTime, pipelineData: payload, analysisData, factData });
    } catch (e) {
      this.logger.error({
        event: 'fallback_orchestration_failed',
        error: errorText(e),
        tenant_id: ctx.tenantId,
        request_id: ctx.requestId,
      });
      await progress.say(`Fallback analysis failed: ${errorText(e)}\nURL: ${url}`, true);
      return fail('processing', `Fallback orchestration failed: ${errorText(e)}`, { retryable: true });
    }
  }

  /** The ladder: the first quality that succeeds; a failure another quality cannot fix stops it early. */
  private async acquire(
    ctx: OrchestrationContext,
    url: string,
    localFiles: 'roots' | 'any' | undefined,
  ): Promise<{ status: 'ok'; envelope: Envelope } | StepError<never>> {
    const attempts: { quality: string; error: string }[] = [];
    for (const quality of QUALITIES) {
      try {
        const result = await this.pipeline.process(url, {
          quality,
          tenantId: ctx.tenantId,
          workspaceId: ctx.workspaceId,
          signal: ctx.signal,
          localFiles,
        });
        if (result.status === 'ok') return { status: 'ok', envelope: result.data };
        const error = result.status === 'error' ? result.error : result.reason;
        attempts.push({ quality, error });
        if (
          result.status === 'error' &&
          (result.data as { qualityIndependent?: boolean } | undefined)?.qualityIndependent
        ) {
          return fail(result.category, `Content acquisition failed: ${error}`, {
            retryable: result.retryable,
            data: { attempts } as never,
          });
        }
      } catch (e) {
        this.logger.warn({ event: 'pipeline_quality_attempt_failed', quality, error: errorText(e) });
        attempts.push({ quality, error: errorText(e) });
      }
    }
    return fail('processing', 'Content acquisition failed: All pipeline attempts failed', {
      retryable: true,
      data: { attempts } as never,
    });
  }

  private async basicAnalysis(transcript: string): Promise<StepResult<AnalysisData>> {
    if (!transcript.trim()) return skip('No transcript available');
    try {
      const textAnalysis = await this.analysis.text(transcript).catch(() => ({}) as Record<string, never>);
      const sentimentAnalysis = await this.analysis.sentiment(transcript).catch(() => ({}) as Record<string, never>);
      const perspective = await this.analysis
        .summary(transcript, this.config.content.summarySentences)
        .catch(() => ({}) as Record<string, never>);
      return ok({ message: 'Basic analysis completed', textAnalysis, sentimentAnalysis, perspective });
    } catch (e) {
      return fail('processing', `Basic analysis failed: ${errorText(e)}`);
    }
  }

  private async basicFactCheck(
    ctx: OrchestrationContext,
    url: string,
    transcript: string,
  ): Promise<StepResult<FactData>> {
    if (!transcript.trim()) return skip('No transcript available');
    try {
      const claims = await this.analysis.claims(transcript, this.config.content.claimsPerRun).catch(() => []);
      const factChecks =
        claims.length === 0
          ? []
          : await this.analysis
              .factCheck({
                claims: claims.map((c) => c.text),
                tenantId: ctx.tenantId,
                workspaceId: ctx.workspaceId,
                excludeUrl: url,
                signal: ctx.signal,
              })
              .catch(() => []);
      const logicalFallacies = await this.analysis.fallacies(transcript).catch(() => []);
      return ok({ message: 'Basic fact check completed', factChecks, logicalFallacies });
    } catch (e) {
      return fail('processing', `Basic fact check failed: ${errorText(e)}`);
    }
  }
}

/** Progress of one run: the first step posted, later ones edited, failures logged and swallowed. */
class StepProgress {
  private posted = false;

  constructor(
    private readonly port: ProgressPort | undefined,
    private readonly onFailure: (fields: Record<string, unknown>) => void,
  ) {}

  async step(current: number, message: string): Promise<void> {
    if (!this.port) return;
    const text = progressText(message, current, STEPS);
    const options = { step: { current, total: STEPS } };
    try {
      if (!this.posted) {
        await this.port.post(text, options);
        this.posted = true;
        return;
      }
      try {
        await this.port.edit(text, options);
      } catch {
        await this.port.post(text, options);
      }
    } catch (e) {
      this.onFailure({ current, total: STEPS, error: errorText(e) });
    }
  }

  /** A message of its own (the report, a failure notice). */
  async say(text: string, ephemeral: boolean): Promise<void> {
    if (!this.port) return;
    try {
      await this.port.post(text, { ephemeral });
    } catch (e) {
      this.onFailure({ current: STEPS, total: STEPS, error: errorText(e) });
    }
  }
}
