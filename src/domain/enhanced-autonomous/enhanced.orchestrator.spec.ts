import { Logger } from '@nestjs/common';
import { testConfig } from '../../../test/fixtures/test-config';
import { currentContext } from '../../core/context/context-storage';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { MetricsRegistry } from '../../core/metrics/metrics.registry';
import { fail, ok, skip, type StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import { AutointelMetrics } from '../crew/run-support/autointel.metrics';
import type { AgentRunContext, AgentRuntime } from '../crew/ports/agent-runtime.port';
import type { StageTools, StageToolsFactory } from '../crew/ports/stage-tools.port';
import type { StageId, StageResult, StageRun } from '../crew/stages/stage.types';
import type { LlmPort } from '../crew/ports/llm.port';
import type { ContentAnalysisPort, ContentPipelinePort, Envelope, PipelineOptions } from '../content/content.ports';
import { digestContent } from '../content/digest/digest';
import type { ProgressOptions, ProgressPort } from '../crew/ports/progress.port';
import { RecordingProgress } from '../crew/progress/recording-progress';
import { RunAdmission } from '../crew/run-support/run-admission';
import { RunLimiter } from '../crew/run-support/run-limiter';
import { EnhancedAutonomousOrchestrator, qualityFor, type EnhancedResult } from './enhanced.orchestrator';
import { BindingsHealthProbe, type HealthFacts, type HealthProbePort } from './health-probe';
import { match } from '../../../test/fixtures/matchers';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const URL = 'https://www.youtube.com/watch?v=abc123';
const WID = 'enhanced_autointel_1795521600_511';
const ctx = OrchestrationContext.create({ tenantId: 'acme', workspaceId: 'research' });
const HEALTHY: HealthFacts = {
  agentRuntime: true,
  contentPipeline: true,
  youtubeDownload: true,
  llm: false,
  discordPosting: false,
};
const NO_CREW: HealthFacts = { ...HEALTHY, agentRuntime: false };

const envelope = (): Envelope => ({
  url: URL,
  quality: '720p',
  processingTime: 1,
  timestamp: new Date(T0).toISOString(),
  payload: {
    download: {
      url: URL,
      title: 'A talk',
      platform: 'youtube',
      duration: 754,
      author: 'Ann',
      site: 'youtube.com',
      publishedAt: null,
      contentType: 'video/mp4',
      source: 'yt-dlp',
    },
    transcription: { transcript: 'Hello there.', timelineAnchors: [], qualityScore: 0.8, origin: 'captions' },
    memory: { namespace: 'content', stored: 1 },
  },
});
/** The report of the envelope's text, as far as the two paths' reports have the same lines. */
const CONTENT_SECTIONS =
  '## What it is\n- **Source**: https://www.youtube.com/watch?v=abc123\n- **Site**: youtube.com\n- **Author**: Ann\n- **Platform**: youtube\n- **Language**: English\n- **Duration**: 12:34\n- **Text from**: automatic captions\n\n## Summary\nHello there.\n\n## Key points and topics\nNo key points beyond the summary.\n\n## Named entities\nNo people, organisations, places, dates or figures named.\n\n## Claims\nNo check-worthy claims found.\n\n## Tone and quotes\n**Tone**: Neutral (0.00)\n\n## Assessment\n';
/** The pipeline path's report, under the notice saying why the crew did not run. */
const pipelineReport = (why: string) =>
  `# A talk\n\n> ${why}: this is the content pipeline's analysis, without fact checks or an assessment.\n\n${CONTENT_SECTIONS}Not assessed: this mode runs no credibility, threat or briefing stage (see the method below).\n\n## Method\n- **Mode**: enhanced\n- **Depth**: standard\n- **Engine**: local\n- **LLM used**: no\n- **Time**: 0.0 s\n\n| Stage | Status | Note |\n| --- | --- | --- |\n| Acquisition (content pipeline) | ran |  |\n| Local text analysis | ran |  |\n\n---\nGenerated 2026-11-24T12:00:00.000Z\n`;
const PIPELINE_REPORT = pipelineReport('No agent runtime is available here');
/** The crew path's report when the crew ran no stage (these tests' tools run none) and no LLM is bound. */
const CREW_REPORT = `# A talk\n\n${CONTENT_SECTIONS}Not assessed: the credibility, threat and briefing stages did not run (see the method below).\n\n## Method\n- **Mode**: enhanced\n- **Depth**: standard\n- **Engine**: deterministic crew\n- **LLM used**: no\n- **Time**: 0.0 s\n\n| Stage | Status | Note |\n| --- | --- | --- |\n| LLM summary | skipped | no LLM is configured |\n\n---\nGenerated 2026-11-24T12:00:00.000Z\n`;
const PIPELINE_STEPS = [
  '🔄 Using the content pipeline (1/6)',
  '📥 Processing the content (720p) (2/6)',
  '✅ Pipeline processing finished (6/6)',
];

function pipeline(answer: () => Promise<StepResult<Envelope>> = async () => ok(envelope())) {
  const calls: PipelineOptions[] = [];
  const port: ContentPipelinePort = { process: (_url, options) => (calls.push(options), answer()) };
  return { port, calls };
}

/** A runtime answering `run`; it records each call with the tenant seen in the async context. */
function runtime(run: (ctx: AgentRunContext) => Promise<string>) {
  const calls: { depth: string; inputs: unknown; ctx: AgentRunContext; scopeTenant?: string }[] = [];
  const port: AgentRuntime = {
    name: 'fake',
    run: (plan, inputs, c) => {
      calls.push({ depth: plan.depth, inputs, ctx: c, scopeTenant: currentContext()?.tenantId });
      return run(c).then((finalRaw) => ({ outputs: [], finalRaw }));
    },
  };
  return { port, calls };
}

/** Stage tools that run no stage; the digest is the real one of the envelope's text. */
function tools(stages: Partial<Record<StageId, StageResult>> = {}) {
  const runs: StageRun[] = [];
  const factory: StageToolsFactory = {
    create: (run) => (
      runs.push(run),
      {
        run,
        briefing: async () => skip('no stages in these tests'),
        results: () => stages,
        digest: async () => digestContent(envelope().payload, run.depth),
      } as unknown as StageTools
    ),
  };
  return { factory, runs };
}

const analysis: Pick<ContentAnalysisPort, 'digest'> = { digest: async (c, depth) => digestContent(c, depth) };

function setup(
  o: {
    probe?: HealthProbePort;
    runtime?: AgentRuntime;
    pipeline?: ContentPipelinePort;
    analysis?: Pick<ContentAnalysisPort, 'digest'>;
    llm?: LlmPort;
    /** What the tools report as run: the crew's S2 with its transcript, say. */
    stages?: Partial<Record<StageId, StageResult>>;
  } = {},
) {
  const registry = new MetricsRegistry('t_');
  const config = testConfig({ autointel: { parallelAnalysis: false } });
  const sut = new EnhancedAutonomousOrchestrator(
    o.pipeline,
    o.runtime,
    tools(o.stages).factory,
    o.probe ?? new BindingsHealthProbe(HEALTHY),
    new ManualClock(T0),
    new AutointelMetrics(registry),
    config,
    // A run deadline past the crew's own cap, which these tests drive with fake timers.
    new RunAdmission(new RunLimiter({ concurrency: 4, maxRunningPerTenant: 4 }), 3_600_000),
    (o.analysis ?? analysis) as ContentAnalysisPort,
    o.llm,
  );
  const workflows = async () =>
    ((await registry.getSingleMetric('t_autointel_workflows_total')?.get())?.values ?? []).map((v) => ({
      ...v.labels,
      value: v.value,
    }));
  return { sut, workflows };
}

const data = (r: StepResult<EnhancedResult>): EnhancedResult => {
  if (r.status !== 'ok' && r.status !== 'error') throw new Error(`unexpected ${r.status}`);
  if (!r.data) throw new Error('no data');
  return r.data;
};

describe(EnhancedAutonomousOrchestrator.name, () => {
  // Probe and progress-failure lines are asserted through results; keep the output clean (jest isolates modules per file).
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterEach(() => jest.useRealTimers());

  it('E2: healthy with a crew: 1/10, 2/10, 10/10 and the report as its one result message', async () => {
    const rt = runtime(async () => 'r'.repeat(600));
    const p = pipeline();
    const progress = new RecordingProgress();
    const { sut, workflows } = setup({ runtime: rt.port, pipeline: p.port });
    const result = await sut.orchestrate(ctx, { url: URL }, { progress });
    expect(result).toEqual(
      ok({
        workflowId: WID,
        url: URL,
        depth: 'standard',
        path: 'crew',
        fellBack: false,
        quality: '720p',
        messages: [CREW_REPORT],
        status: 'completed',
        report: CREW_REPORT,
        contentReport: match.any(Object),
      }),
    );
    expect(progress.texts).toEqual([
      '🚀 Initialising the enhanced multi-agent analysis (1/10)',
      '🤖 Launching the crew (3 tasks) (2/10)',
      '✅ Multi-agent analysis complete (10/10)',
      CREW_REPORT,
    ]);
    expect(progress.calls.map((c) => [c.kind, c.step])).toEqual([
      ['post', { current: 1, total: 10 }],
      ['post', { current: 2, total: 10 }],
      ['post', { current: 10, total: 10 }],
      ['post', null],
    ]);
    const call = rt.calls[0];
    expect([
      rt.calls.length,
      call.inputs,
      call.ctx.tenantId,
      call.ctx.workspaceId,
      call.scopeTenant,
      call.ctx.tools.run.workflowId,
      p.calls.length,
    ]).toEqual([1, { url: URL, depth: 'standard' }, 'acme', 'research', 'acme', WID, 0]);
    expect(await workflows()).toEqual([
      { depth: 'standard', outcome: 'success', orchestrator: 'enhanced', path: 'crew', value: 1 },
    ]);
  });

  it('with an LLM bound, the crew path’s summary is the model’s', async () => {
    const llm: LlmPort = {
      enabled: true,
      defaultModel: 'stand-in',
      complete: async () => ({
        text: 'Someone says hello.',
        model: 'stand-in',
        inputTokens: 1,
        outputTokens: 1,
        finishReason: 'stop',
      }),
    };
    const { sut } = setup({
      runtime: runtime(async () => 'done').port,
      pipeline: pipeline().port,
      llm,
      stages: { S2: ok({ transcript: 'Hello there.' }) },
    });
    const result = data(await sut.orchestrate(ctx, { url: URL }));
    expect([result.contentReport?.content?.summary, result.contentReport?.method.llmUsed]).toEqual([
      { sentences: ['Someone says hello.'], method: 'llm', outline: [] },
      true,
    ]);
  });

  it('E3: a crew past 1 800 s times out (fake timers): 5/10 notice, then 1/6, 2/6, 6/6 and the pipeline report', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const rt = runtime(
      (c) =>
        new Promise(
          (_, reject) => (started(), c.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
        ),
    );
    const progress = new RecordingProgress();
    const { sut } = setup({ runtime: rt.port, pipeline: pipeline().port });
    const pending = sut.orchestrate(ctx, { url: URL }, { progress });
    await running;
    await jest.advanceTimersByTimeAsync(1_799_999);
    expect([progress.texts.length, rt.calls[0].ctx.signal?.aborted]).toEqual([2, false]);
    await jest.advanceTimersByTimeAsync(1);
    const result = data(await pending);
    expect(progress.texts).toEqual([
      '🚀 Initialising the enhanced multi-agent analysis (1/10)',
      '🤖 Launching the crew (3 tasks) (2/10)',
      '⏱️ The crew timed out, switching to fallback (5/10)',
      ...PIPELINE_STEPS,
      pipelineReport('The crew timed out'),
    ]);
    expect([
      result.path,
      result.fellBack,
      result.fallbackReason,
      result.status,
      result.messages,
      rt.calls[0].ctx.signal?.aborted,
    ]).toEqual(['pipeline', true, 'timeout', 'completed', [pipelineReport('The crew timed out')], true]);
  });

  it('E4: a crew that throws falls back with reason error', async () => {
    const rt = runtime(async () => Promise.reject(new Error('model exploded')));
    const progress = new RecordingProgress();
    const { sut, workflows } = setup({ runtime: rt.port, pipeline: pipeline().port });
    const result = await sut.orchestrate(ctx, { url: URL }, { progress });
    expect(progress.texts.slice(2)).toEqual([
      '⚠️ The crew failed (model exploded), switching to fallback (5/10)',
      ...PIPELINE_STEPS,
      pipelineReport('The crew failed'),
    ]);
    expect(result).toEqual(
      ok({
        workflowId: WID,
        url: URL,
        depth: 'standard',
        path: 'pipeline',
        fellBack: true,
        fallbackReason: 'error',
        quality: '720p',
        messages: [pipelineReport('The crew failed')],
        status: 'completed',
        report: pipelineReport('The crew failed'),
        contentReport: match.any(Object),
      }),
    );
    expect(await workflows()).toEqual([
      { depth: 'standard', outcome: 'success', orchestrator: 'enhanced', path: 'pipeline', value: 1 },
    ]);
  });

  it('E5: without the crew capability only the pipeline path runs, with the context’s tenant', async () => {
    const rt = runtime(async () => 'never');
    const p = pipeline();
    const progress = new RecordingProgress();
    const result = data(
      await setup({ probe: new BindingsHealthProbe(NO_CREW), runtime: rt.port, pipeline: p.port }).sut.orchestrate(
        ctx,
        { url: URL },
        { progress },
      ),
    );
    expect(progress.texts).toEqual([...PIPELINE_STEPS, PIPELINE_REPORT]);
    expect([result.path, result.fellBack, result.fallbackReason, rt.calls.length]).toEqual([
      'pipeline',
      false,
      undefined,
      0,
    ]);
    // The pipeline gets the run's signal: the context's, which also aborts at the run's deadline.
    expect(p.calls.map(({ signal, ...call }) => [call, signal?.aborted])).toEqual([
      [{ quality: '720p', tenantId: 'acme', workspaceId: 'research', localFiles: undefined }, false],
    ]);
  });

  it('E6: with neither path the unavailable message lists five issues and "N more", and the run fails', async () => {
    const issues = ['i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'];
    const probe: HealthProbePort = { probe: () => ({ capabilities: ['crewai_agents'], issues, healthy: false }) };
    const rt = runtime(async () => 'never');
    const p = pipeline();
    const progress = new RecordingProgress();
    const { sut, workflows } = setup({ probe, runtime: rt.port, pipeline: p.port });
    const result = await sut.orchestrate(ctx, { url: URL }, { progress });
    const message =
      '❌ **Enhanced autonomous intelligence unavailable**\n\n**Issues:**\n- i1\n- i2\n- i3\n- i4\n- i5\n- … and 2 more\n\n**Capabilities:** crewai_agents';
    expect(progress.texts).toEqual([message]);
    expect(result).toMatchObject({
      status: 'error',
      category: 'unavailable',
      retryable: false,
      error: 'Enhanced autonomous intelligence unavailable: i1; i2; i3; i4; i5; i6; i7',
    });
    expect(data(result)).toMatchObject({ path: 'unavailable', status: 'failed', messages: [message] });
    expect([rt.calls.length, p.calls.length]).toEqual([0, 0]);
    expect(await workflows()).toEqual([
      { depth: 'standard', outcome: 'error', orchestrator: 'enhanced', path: 'unavailable', value: 1 },
    ]);
  });

  it.each([
    ['comprehensive', '1080p'],
    ['experimental', '1080p'],
    ['standard', '720p'],
    ['deep', '720p'],
    ['quick', '720p'],
    ['Experimental - Cutting-Edge AI', '720p'],
  ])('E7: depth %j asks the pipeline for %s and is echoed as requested', async (depth, quality) => {
    const p = pipeline();
    const result = data(
      await setup({ probe: new BindingsHealthProbe(NO_CREW), pipeline: p.port }).sut.orchestrate(ctx, {
        url: URL,
        depth,
      }),
    );
    expect([qualityFor(depth), p.calls[0].quality, result.quality, result.depth]).toEqual([
      quality,
      quality,
      quality,
      depth,
    ]);
  });

  it('E7: the crew plan uses the canonical depth while quality follows the raw text', async () => {
    const rt = runtime(async () => 'done');
    const result = data(
      await setup({ runtime: rt.port, pipeline: pipeline().port }).sut.orchestrate(ctx, { url: URL, depth: 'COMP' }),
    );
    expect([rt.calls[0].depth, result.quality, result.depth]).toEqual(['comprehensive', '720p', 'COMP']);
  });

  it('E8: the pipeline report lists a failing analysis in its method, and the run still completes', async () => {
    const { sut } = setup({
      probe: new BindingsHealthProbe(NO_CREW),
      pipeline: pipeline().port,
      analysis: { digest: () => Promise.reject(new Error('model missing')) },
    });
    const result = data(await sut.orchestrate(ctx, { url: URL }));
    expect([result.status, result.contentReport?.content, result.contentReport?.method.stages[1]]).toEqual([
      'completed',
      null,
      { id: 'analysis', name: 'Local text analysis', status: 'failed', note: 'model missing' },
    ]);
    expect(result.report).toContain('| Local text analysis | failed | model missing |');
  });

  it('E9: a failed pipeline result sends the error, URL and workflow id, and the run is an error carrying the result', async () => {
    const p = pipeline(async () => fail('unavailable', 'no 720p format', { retryable: true }));
    const progress = new RecordingProgress();
    const result = await setup({ probe: new BindingsHealthProbe(NO_CREW), pipeline: p.port }).sut.orchestrate(
      ctx,
      { url: URL },
      { progress },
    );
    const message = `❌ **Pipeline processing failed**\n**Error:** no 720p format\n**URL:** ${URL}\n**Workflow:** ${WID}`;
    expect(progress.texts).toEqual([...PIPELINE_STEPS, message]);
    expect(result).toEqual(
      fail('unavailable', 'Pipeline processing failed: no 720p format', {
        retryable: true,
        data: {
          workflowId: WID,
          url: URL,
          depth: 'standard',
          path: 'pipeline',
          fellBack: false,
          quality: '720p',
          messages: [message],
          status: 'failed',
          error: 'Pipeline processing failed: no 720p format',
        },
      }),
    );
  });

  it('a pipeline that throws sends "Pipeline execution failed: <e>" and fails the run', async () => {
    const p = pipeline(async () => Promise.reject(new Error('socket hang up')));
    const result = await setup({ probe: new BindingsHealthProbe(NO_CREW), pipeline: p.port }).sut.orchestrate(ctx, {
      url: URL,
    });
    expect(result).toMatchObject({
      status: 'error',
      category: 'processing',
      error: 'Pipeline execution failed: socket hang up',
      retryable: true,
    });
    expect(data(result).messages).toEqual([`❌ **Pipeline execution failed:** socket hang up\n**Workflow:** ${WID}`]);
  });

  it('E10: failing follow-up posts never abort the run (progress failing, or every post failing)', async () => {
    const shown: string[] = [];
    const flaky: ProgressPort = {
      post: async (text: string, options?: ProgressOptions) => {
        if (options?.step) throw new Error('429 too many requests');
        shown.push(text);
      },
      edit: async () => {},
      isOpen: () => true,
    };
    const rt = runtime(async () => 'crew says hi');
    const result = data(
      await setup({ runtime: rt.port, pipeline: pipeline().port }).sut.orchestrate(
        ctx,
        { url: URL },
        { progress: flaky },
      ),
    );
    expect([result.status, result.path, shown]).toEqual(['completed', 'crew', [CREW_REPORT]]);
    const throwing = new RecordingProgress();
    throwing.throwAll = true;
    const again = data(
      await setup({ probe: new BindingsHealthProbe(NO_CREW), pipeline: pipeline().port }).sut.orchestrate(
        ctx,
        { url: URL },
        { progress: throwing },
      ),
    );
    expect([again.status, again.messages]).toEqual(['completed', [PIPELINE_REPORT]]);
  });

  it('rejects a missing url before any work, and probes once at construction only', async () => {
    const probe = { probe: jest.fn(() => new BindingsHealthProbe(HEALTHY).probe()) };
    const p = pipeline();
    const { sut } = setup({ probe, pipeline: p.port });
    expect(await sut.orchestrate(ctx, { url: '  ' })).toEqual(
      fail('validation', 'URL parameter is required', { retryable: false }),
    );
    await sut.orchestrate(ctx, { url: URL });
    expect([probe.probe.mock.calls.length, p.calls.length, sut.healthCheck()]).toEqual([
      1,
      1,
      {
        healthy: true,
        details: { capabilities: ['crewai_agents', 'content_pipeline', 'youtube_download'], issues: match.any(Array) },
      },
    ]);
    expect([sut.name, sut.layer, sut.type]).toEqual(['enhanced_autonomous', 'domain', 'adaptive']);
  });
});
