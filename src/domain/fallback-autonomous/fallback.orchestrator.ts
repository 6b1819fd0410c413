import { Inject, Injectable } from '@nestjs/common';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { BaseOrchestrator } from '../../core/orchestrator/base-orchestrator';
import { Orchestrator } from '../../core/orchestrator/orchestrator.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { fail, ok, skip, type StepError, type StepResult } from '../../core/result/step-result';
import { CLOCK, type Clock } from '../../core/runtime/clock';
import { AppConfig } from '../../core/config/app-config';
import {
  CLAIMS_BY_DEPTH,
  CONTENT_ANALYSIS,
  CONTENT_PIPELINE,
  DEPTHS,
  QUALITIES,
  type ContentAnalysisPort,
  type ContentDigest,
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
import { buildReport, checkOf, renderReport, type ClaimCheck, type ContentReport } from '../report';
import { FALLBACK_NOTICE, fallbackMethod, fallbackStages } from './fallback-report';

/** What `fallback_autonomous` returns under `data`. */
export interface FallbackResult {
  /** The report in Markdown, rendered from `contentReport`. */
  readonly report: string;
  /** The report as data: what every rendering is made from. */
  readonly contentReport: ContentReport;
  readonly url: string;
  readonly depth: Depth;
  /** Seconds, from the injected clock. */
  readonly processingTime: number;
  readonly pipelineData: Payload;
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
 * 720p → audio → worst, the local analyses of the text (the content's digest: summary, key points, entities,
 * claims, fallacies, tone), fact checks of its claims, and the report (the shared report model, rendered to
 * Markdown). Only a failed acquisition or an unexpected throw stops it; the analysis and the fact checks report
 * their failure in the method section and the run goes on. The tenant and workspace of the context reach the pipeline (the original
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
      const digest = await this.digest(payload, depth);
      await progress.step(4, 'Checking claims');
      const checks = await this.factCheck(ctx, url, depth, digest.step);
      const processingTime = (this.clock.now() - started) / 1000;
      await progress.step(5, 'Writing the report');
      const contentReport = buildReport({
        content: digest.content,
        checks: checks.status === 'ok' ? checks.data : [],
        assessment: null,
        method: fallbackMethod(depth, processingTime, fallbackStages(digest.step, checks)),
        notices: [FALLBACK_NOTICE],
        now: this.clock.now(),
      });
      const report = renderReport(contentReport, 'md');
      await progress.say(report, false);
      return ok({ report, contentReport, url, depth, processingTime, pipelineData: payload });
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

  /**
   * The content's digest. A text-less acquisition (media without subtitles, an empty page) still gets the digest of
   * its metadata, so the report says what it is, with the analysis `skipped`; a failing analysis fails the step
   * (the run goes on, without content sections).
   */
  private async digest(
    payload: Payload,
    depth: Depth,
  ): Promise<{ step: StepResult<ContentDigest>; content: ContentDigest | null }> {
    try {
      const content = await this.analysis.digest(payload, depth);
      return { step: payload.transcription.transcript.trim() ? ok(content) : skip('no transcript'), content };
    } catch (e) {
      this.logger.warn({ event: 'fallback_analysis_failed', error: errorText(e) });
      return { step: fail('processing', `Text analysis failed: ${errorText(e)}`), content: null };
    }
  }

  /**
   * Fact checks of the digest's first claims: `content.claimsPerRun` at standard depth, 3 more at deep and 7 more
   * deeper (the rest are listed unchecked);
   * skipped without claims, failed (the run goes on) when the checker throws.
   */
  private async factCheck(
    ctx: OrchestrationContext,
    url: string,
    depth: Depth,
    digest: StepResult<ContentDigest>,
  ): Promise<StepResult<ClaimCheck[]>> {
    // Deeper runs check more: the base number plus what the depth lists beyond standard (deep +3, deeper +7).
    const wanted = this.config.content.claimsPerRun + CLAIMS_BY_DEPTH[depth] - CLAIMS_BY_DEPTH.standard;
    const claims = digest.status === 'ok' ? digest.data.claims.slice(0, wanted) : [];
    if (claims.length === 0) return skip('no check-worthy claims');
    try {
      const results = await this.analysis.factCheck({
        claims: claims.map((c) => c.text),
        tenantId: ctx.tenantId,
        workspaceId: ctx.workspaceId,
        excludeUrl: url,
        signal: ctx.signal,
      });
      return ok(results.map(checkOf));
    } catch (e) {
      this.logger.warn({ event: 'fallback_fact_check_failed', error: errorText(e) });
      return fail('processing', `Fact checks failed: ${errorText(e)}`);
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
