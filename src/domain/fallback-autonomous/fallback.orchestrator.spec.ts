import { testConfig } from '../../../test/fixtures/test-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import { digestContent } from '../content/digest/digest';
import type { ContentAnalysisPort, ContentPipelinePort, Envelope, PipelineOptions } from '../content/content.ports';
import type { Quality } from '../content/content.types';
import { RecordingProgress } from '../crew/progress/recording-progress';
import { RunAdmission } from '../crew/run-support/run-admission';
import { RunLimiter, type RunSlot } from '../crew/run-support/run-limiter';
import { FallbackAutonomousOrchestrator, type FallbackResult } from './fallback.orchestrator';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const URL = 'https://example.org/talk';

function envelope(transcript: string, quality: Quality = '720p', duration: number | null = 754): Envelope {
  return {
    url: URL,
    quality,
    processingTime: 0,
    timestamp: new Date(T0).toISOString(),
    payload: {
      download: {
        url: URL,
        title: 'A talk',
        platform: 'web',
        duration,
        author: null,
        site: 'example.org',
        publishedAt: null,
        contentType: 'text/html',
        source: 'http',
      },
      transcription: { transcript, timelineAnchors: [], qualityScore: 1, origin: 'page' },
      memory: { namespace: 'content', stored: 1 },
    },
  };
}

/** A pipeline failing the listed qualities, recording every call; it advances the clock 2.5 s per call. */
function pipeline(clock: ManualClock, transcript: string, failing: Quality[] = []) {
  const calls: PipelineOptions[] = [];
  const port: ContentPipelinePort = {
    process: async (_url, options) => {
      calls.push(options);
      clock.advance(2500);
      return failing.includes(options.quality)
        ? fail('unavailable', `no ${options.quality} format`, { retryable: true })
        : ok(envelope(transcript, options.quality));
    },
  };
  return { port, calls };
}

const unused = () => Promise.reject(new Error('not used by the fallback run'));

/** The real local digest; fact checks answer `uncertain` 0.5 from the knowledge base. */
function analysis(overrides: Partial<ContentAnalysisPort> = {}): ContentAnalysisPort & { called: string[] } {
  const called: string[] = [];
  const track = <T>(name: string, value: T) => {
    called.push(name);
    return Promise.resolve(value);
  };
  return {
    called,
    text: unused,
    sentiment: unused,
    claims: unused,
    fallacies: unused,
    summary: unused,
    digest: (content, depth) => track('digest', digestContent(content, depth)),
    factCheck: (r) =>
      track(
        'factCheck',
        r.claims.map((claim) => ({
          claim,
          verdict: 'uncertain' as const,
          confidence: 0.5,
          evidence: [
            { source: 'knowledge_base' as const, text: claim, url: null, score: 0.9, verdict: null, publisher: null },
          ],
          backendsUsed: ['knowledge_base'],
        })),
      ),
    ...overrides,
  };
}

function build(
  p: ContentPipelinePort,
  a: ContentAnalysisPort,
  clock: ManualClock,
  admission = new RunAdmission(new RunLimiter({ concurrency: 4, maxRunningPerTenant: 4 }), 300_000),
) {
  return new FallbackAutonomousOrchestrator(p, a, clock, testConfig(), admission);
}

const ctx = OrchestrationContext.create({ tenantId: 'acme', workspaceId: 'research' });
const data = (r: StepResult<FallbackResult>) => {
  if (r.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data;
};

describe(FallbackAutonomousOrchestrator.name, () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock(T0)));

  it('F1: without a url it fails before calling any port', async () => {
    const p = pipeline(clock, 'text');
    const a = analysis();
    const result = await build(p.port, a, clock).orchestrate(ctx, {}, { progress: new RecordingProgress() });
    expect(result).toEqual({
      status: 'error',
      error: 'URL parameter is required',
      category: 'processing',
      retryable: false,
    });
    expect([p.calls.length, a.called]).toEqual([0, []]);
  });

  it('F2: a failure at 720p moves to audio, which succeeds: two calls, in order, with the context’s tenant and workspace', async () => {
    const p = pipeline(clock, 'Sales grew 40% in 2025.', ['720p']);
    const result = await build(p.port, analysis(), clock).orchestrate(ctx, { url: URL });
    expect(p.calls.map((c) => [c.quality, c.tenantId, c.workspaceId])).toEqual([
      ['720p', 'acme', 'research'],
      ['audio', 'acme', 'research'],
    ]);
    expect(data(result).pipelineData.transcription.transcript).toBe('Sales grew 40% in 2025.');
  });

  it('F3: all three rungs failing is a retryable acquisition error, one public failure message and no report', async () => {
    const p = pipeline(clock, 'x', ['720p', 'audio', 'worst']);
    const progress = new RecordingProgress();
    const result = await build(p.port, analysis(), clock).orchestrate(ctx, { url: URL }, { progress });
    expect(result).toMatchObject({
      status: 'error',
      error: 'Content acquisition failed: All pipeline attempts failed',
      retryable: true,
    });
    expect(result.status === 'error' && result.data).toEqual({
      attempts: [
        { quality: '720p', error: 'no 720p format' },
        { quality: 'audio', error: 'no audio format' },
        { quality: 'worst', error: 'no worst format' },
      ],
    });
    const messages = progress.calls.filter((c) => c.step === null);
    expect(messages).toHaveLength(1);
    expect([
      messages[0].ephemeral,
      messages[0].text.startsWith(
        'Content acquisition failed: Content acquisition failed: All pipeline attempts failed',
      ),
    ]).toEqual([false, true]);
  });

  it('stops the ladder at a failure no quality can fix (a blocked address), with its cause', async () => {
    const calls: Quality[] = [];
    const blocked: ContentPipelinePort = {
      process: async (_u, o) => (
        calls.push(o.quality),
        fail('forbidden', 'http://10.0.0.1/ resolves to 10.0.0.1, a private address', {
          data: { qualityIndependent: true } as never,
        })
      ),
    };
    const result = await build(blocked, analysis(), clock).orchestrate(ctx, { url: 'http://10.0.0.1/' });
    expect([calls, result.status === 'error' && result.error, result.status === 'error' && result.category]).toEqual([
      ['720p'],
      'Content acquisition failed: http://10.0.0.1/ resolves to 10.0.0.1, a private address',
      'forbidden',
    ]);
  });

  it('F4: no transcript: the report says what it is and that there was no text; analysis and checks are skipped', async () => {
    const a = analysis();
    const r = data(await build(pipeline(clock, '  ').port, a, clock).orchestrate(ctx, { url: URL }));
    expect(a.called).toEqual(['digest']);
    expect([
      r.contentReport.content?.about.title,
      r.contentReport.content?.about.words,
      r.contentReport.claims,
    ]).toEqual(['A talk', 0, []]);
    expect(r.contentReport.method.stages).toEqual([
      { id: 'acquisition', name: 'Acquisition', status: 'ran', note: null },
      { id: 'analysis', name: 'Local text analysis', status: 'skipped', note: 'no transcript' },
      { id: 'fact_checks', name: 'Fact checks', status: 'skipped', note: 'no check-worthy claims' },
    ]);
    expect(r.contentReport.notices[0]).toBe(
      'The source gave no text to analyse: every section below is empty for that reason.',
    );
    expect(r.report).toContain('No summary: the text has no sentences.');
  });

  it('media without subtitles or speech recognition: the report gives its metadata and says there is no transcript', async () => {
    const env = envelope('');
    const media: ContentPipelinePort = {
      process: async () =>
        ok({
          ...env,
          payload: {
            ...env.payload,
            transcription: { transcript: '', timelineAnchors: [], qualityScore: 0, origin: 'none' },
          },
        }),
    };
    const r = data(await build(media, analysis(), clock).orchestrate(ctx, { url: URL }));
    expect(r.report.split('\n').slice(0, 12)).toEqual([
      '# A talk',
      '',
      '> This media has no subtitles or captions and no speech recognition is configured (content.transcriptionUrl, ' +
        'or content.whisperModel for whisper.cpp): there is no transcript, so nothing below analyses what is said.',
      '',
      expect.stringMatching(/^> Basic analysis \(fallback mode\)/),
      '',
      '## What it is',
      `- **Source**: ${URL}`,
      '- **Site**: example.org',
      '- **Platform**: web',
      '- **Duration**: 12:34',
      '- **Text from**: nothing: no subtitles, captions or speech recognition',
    ]);
    expect(r.report).not.toContain('Language');
  });

  it('checks more claims at deeper depths: claimsPerRun (5) at standard, 8 at deep, 12 at comprehensive', async () => {
    const text = Array.from({ length: 14 }, (_, i) => `Sales in region ${i + 1} grew ${10 + i}% in 2025.`).join(' ');
    const checked = async (depth: string) => {
      const requests: number[] = [];
      const a = analysis({ factCheck: async (r) => (requests.push(r.claims.length), []) });
      await build(pipeline(clock, text).port, a, clock).orchestrate(ctx, { url: URL, depth });
      return requests;
    };
    expect([await checked('standard'), await checked('deep'), await checked('comprehensive')]).toEqual([
      [5],
      [8],
      [12],
    ]);
  });

  it('F5: the tone is the text’s, with the sentences that drive it', async () => {
    const text = 'The new park is wonderful and the staff are kind. Parking costs 5 euros. The café is lovely.';
    const r = data(await build(pipeline(clock, text).port, analysis(), clock).orchestrate(ctx, { url: URL }));
    expect(r.contentReport.content?.tone.label).toBe('positive');
    expect(r.report).toMatch(/\*\*Tone\*\*: Positive \(\+0\.\d\d\)/);
    expect(r.report).toContain('The new park is wonderful and the staff are kind.');
  });

  it('F6: five progress updates with a ten-cell bar, the first posted, the rest edited; then the report', async () => {
    const progress = new RecordingProgress();
    await build(pipeline(clock, 'Sales grew 40% in 2025.').port, analysis(), clock).orchestrate(
      ctx,
      { url: URL },
      { progress },
    );
    const steps = progress.calls.filter((c) => c.step !== null);
    expect(steps.map((c) => [c.kind, c.text.split('\n')[1]])).toEqual([
      ['post', '`██░░░░░░░░` 1/5'],
      ['edit', '`████░░░░░░` 2/5'],
      ['edit', '`██████░░░░` 3/5'],
      ['edit', '`████████░░` 4/5'],
      ['edit', '`██████████` 5/5'],
    ]);
    expect(progress.calls.at(-1)?.text.startsWith('# A talk\n\n> Basic analysis (fallback mode)')).toBe(true);
  });

  it('F6: a failing edit becomes a post, and a progress port that throws never fails the run', async () => {
    const failingEdits = new RecordingProgress();
    failingEdits.failEdits = true;
    await build(pipeline(clock, 'text').port, analysis(), clock).orchestrate(
      ctx,
      { url: URL },
      { progress: failingEdits },
    );
    expect(failingEdits.calls.filter((c) => c.step !== null).map((c) => c.kind)).toEqual([
      'post',
      'post',
      'post',
      'post',
      'post',
    ]);
    const throwing = new RecordingProgress();
    throwing.throwAll = true;
    expect(
      (
        await build(pipeline(clock, 'text').port, analysis(), clock).orchestrate(
          ctx,
          { url: URL },
          { progress: throwing },
        )
      ).status,
    ).toBe('ok');
  });

  it('F7: without a progress port there are no messages and the same result', async () => {
    const c1 = new ManualClock(T0);
    const withProgress = data(
      await build(pipeline(c1, 'text').port, analysis(), c1).orchestrate(
        ctx,
        { url: URL },
        { progress: new RecordingProgress() },
      ),
    );
    const c2 = new ManualClock(T0);
    const without = data(await build(pipeline(c2, 'text').port, analysis(), c2).orchestrate(ctx, { url: URL }));
    expect(without).toEqual(withProgress);
  });

  it('F8: an analysis that throws still gives a report, its failure listed in the method', async () => {
    const a = analysis({ digest: () => Promise.reject(new Error('model missing')) });
    const r = data(
      await build(pipeline(clock, 'Sales grew 40% in 2025.').port, a, clock).orchestrate(ctx, { url: URL }),
    );
    expect(r.contentReport.method.stages[1]).toEqual({
      id: 'analysis',
      name: 'Local text analysis',
      status: 'failed',
      note: 'Text analysis failed: model missing',
    });
    expect(r.report).toContain('| Local text analysis | failed | Text analysis failed: model missing |');
  });

  it('F9: a document without a duration shows its length, with a thousands separator, and reading time', async () => {
    const words = Array.from({ length: 1234 }, () => 'word').join(' ');
    const document: ContentPipelinePort = { process: async () => ok(envelope(words, '720p', null)) };
    const r = data(await build(document, analysis(), clock).orchestrate(ctx, { url: URL }));
    expect(r.report).toContain('- **Length**: 1,234 words, about 6 min to read');
    expect(r.report).not.toContain('Duration');
  });

  it('F9b: media show their duration; the notice says what the fuller modes add', async () => {
    const r = data(
      await build(pipeline(clock, 'A short talk.').port, analysis(), clock).orchestrate(ctx, { url: URL }),
    );
    expect(r.report).toContain('- **Duration**: 12:34');
    expect(r.report).toContain('`mode: autonomous` (the default) adds a crew of specialised agents');
    expect(r.report).not.toMatch(/once it is available/);
  });

  it('F10: processing time is the injected clock’s difference, in seconds', async () => {
    const r = data(
      await build(pipeline(clock, 'text', ['720p']).port, analysis(), clock).orchestrate(ctx, { url: URL }),
    );
    expect(r.processingTime).toBe(5);
    expect(r.report).toContain('- **Time**: 5.0 s');
    expect(r.report).toContain('Generated 2026-11-24T12:00:05.000Z');
  });

  it('reports the checked claims with their verdicts, and validates depth', async () => {
    const r = data(
      await build(pipeline(clock, 'Sales grew 40% in 2025.').port, analysis(), clock).orchestrate(ctx, {
        url: URL,
        depth: ' Deep ',
      }),
    );
    expect([r.depth, r.contentReport.claims]).toEqual([
      'deep',
      [
        {
          text: 'Sales grew 40% in 2025.',
          worthiness: 0.55,
          verdict: 'uncertain',
          confidence: 0.5,
          source: 'the fact-check knowledge base',
        },
      ],
    ]);
    expect(r.report).toContain(
      '- **Uncertain** (confidence 0.50, source: the fact-check knowledge base): Sales grew 40% in 2025.',
    );
    const bad = await build(pipeline(clock, 'x').port, analysis(), clock).orchestrate(ctx, {
      url: URL,
      depth: 'quick',
    });
    expect(bad).toMatchObject({
      status: 'error',
      category: 'validation',
      error: 'depth must be one of standard, deep, comprehensive, experimental, got "quick"',
    });
  });

  describe('in-process options and admission', () => {
    it('reads local files only as the in-process options allow: a localFiles field of the input is ignored', async () => {
      const p = pipeline(clock, 'text');
      const sut = build(p.port, analysis(), clock);
      await sut.orchestrate(ctx, { url: URL, localFiles: 'any' });
      await sut.orchestrate(ctx, { url: URL }, { localFiles: 'any' });
      expect(p.calls.map((c) => c.localFiles)).toEqual([undefined, 'any']);
    });

    it('is refused at once, as unavailable and before any port, when every run slot is taken', async () => {
      const limiter = new RunLimiter({ concurrency: 1, maxRunningPerTenant: 1 });
      const p = pipeline(clock, 'text');
      const sut = build(p.port, analysis(), clock, new RunAdmission(limiter, 300_000));
      const other = limiter.tryAcquire('globex') as RunSlot;
      expect(await sut.orchestrate(ctx, { url: URL })).toEqual({
        status: 'error',
        error:
          'all 1 run slots are taken (autointel.concurrency); try again later, or queue the run with POST /autointel',
        category: 'unavailable',
        retryable: true,
      });
      expect(p.calls).toEqual([]);
      // A caller holding the slot (the queued job) runs with it, and keeps it: it gives it back itself.
      expect((await sut.orchestrate(ctx, { url: URL }, { slot: other })).status).toBe('ok');
      expect(limiter.stats()).toEqual({ running: 1, waiting: 0 });
    });
  });
});
