import { testConfig } from '../../../test/fixtures/test-config';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { fail, ok, type StepResult } from '../../core/result/step-result';
import { ManualClock } from '../../core/runtime/clock';
import type { Sentiment } from '../content/analysis/analysis.types';
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

function analysis(
  overrides: Partial<ContentAnalysisPort> = {},
  sentiment: Partial<Sentiment> = { label: 'positive', score: 0.5 },
): ContentAnalysisPort & { called: string[] } {
  const called: string[] = [];
  const track = <T>(name: string, value: T) => {
    called.push(name);
    return Promise.resolve(value);
  };
  return {
    called,
    text: () =>
      track('text', {
        words: 3,
        sentences: 1,
        characters: 20,
        keywords: [{ term: 'talk', score: 1 }],
        entities: [],
        readingMinutes: 0,
      }),
    sentiment: () => track('sentiment', sentiment as Sentiment),
    claims: () =>
      track('claims', [
        {
          text: 'Sales grew 40% in 2025.',
          sentenceIndex: 0,
          start: 0,
          end: 23,
          score: 0.9,
          reasons: ['number' as const],
        },
      ]),
    factCheck: (r) =>
      track(
        'factCheck',
        r.claims.map((claim) => ({
          claim,
          verdict: 'uncertain' as const,
          confidence: 0.5,
          evidence: [],
          backendsUsed: ['knowledge_base'],
        })),
      ),
    fallacies: () => track('fallacies', []),
    summary: () => track('summary', { summary: 'A short talk.', sentenceIndexes: [0], method: 'textrank' as const }),
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

  it('F4: no transcript: analysis and fact check are skipped; the report shows 0 words, No, Neutral 0.00, Limited', async () => {
    const r = data(await build(pipeline(clock, '  ').port, analysis(), clock).orchestrate(ctx, { url: URL }));
    expect([r.analysisData, r.factData]).toEqual([
      { status: 'skipped', reason: 'No transcript available' },
      { status: 'skipped', reason: 'No transcript available' },
    ]);
    for (const line of [
      '- **Words**: 0',
      '- **Available**: No',
      '- **Overall**: Neutral (0.00)',
      '- **Status**: Limited',
      '- **Tools**: Limited',
    ])
      expect(r.report).toContain(line);
  });

  it.each([
    [0.5, 'Positive (0.50)'],
    [-0.11, 'Negative (-0.11)'],
    [0.1, 'Neutral (0.10)'],
  ])('F5: a sentiment score of %s reads %s', async (score, shown) => {
    const r = data(
      await build(pipeline(clock, 'words here').port, analysis({}, { label: 'neutral', score }), clock).orchestrate(
        ctx,
        { url: URL },
      ),
    );
    expect(r.report).toContain(`- **Overall**: ${shown}`);
  });

  it('F5 (⚠ fixed): without a score the label decides (negative → −1)', async () => {
    const r = data(
      await build(pipeline(clock, 'words here').port, analysis({}, { label: 'negative' }), clock).orchestrate(ctx, {
        url: URL,
      }),
    );
    expect(r.report).toContain('- **Overall**: Negative (-1.00)');
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
    expect(progress.calls.at(-1)?.text.startsWith('# Intelligence report (fallback mode)')).toBe(true);
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

  it('F8: text analysis throwing still gives a report (that tool contributes {})', async () => {
    const a = analysis({ text: () => Promise.reject(new Error('model missing')) });
    const r = data(
      await build(pipeline(clock, 'Sales grew 40% in 2025.').port, a, clock).orchestrate(ctx, { url: URL }),
    );
    expect(r.analysisData).toMatchObject({
      status: 'ok',
      data: { textAnalysis: {}, sentimentAnalysis: { score: 0.5 } },
    });
    expect(r.report).toContain('- **Overall**: Positive (0.50)');
  });

  it('F9: a word count of 1234 is printed with a thousands separator', async () => {
    const r = data(
      await build(
        pipeline(clock, Array.from({ length: 1234 }, () => 'word').join(' ')).port,
        analysis(),
        clock,
      ).orchestrate(ctx, { url: URL }),
    );
    expect(r.report).toContain('- **Words**: 1,234');
  });

  it('F9b: a document without a duration shows its length and reading time; the fuller modes are described', async () => {
    const words = Array.from({ length: 1234 }, () => 'word').join(' ');
    const document: ContentPipelinePort = { process: async () => ok(envelope(words, '720p', null)) };
    const text: ContentAnalysisPort['text'] = async () => ({
      words: 1234,
      sentences: 1,
      characters: 6169,
      keywords: [],
      entities: [],
      readingMinutes: 6.2,
    });
    const r = data(await build(document, analysis({ text }), clock).orchestrate(ctx, { url: URL }));
    // The text analysis's reading time, rounded.
    expect(r.report).toContain('- **Length**: 1,234 words, about 6 min to read');
    expect(r.report).not.toContain('Duration');
    expect(r.report).toContain('## What the fuller modes add');
    expect(r.report).toContain('- `mode: autonomous` (the default): a crew of specialised agents in stages');
    expect(r.report).not.toMatch(/once it is available/);
  });

  it('F10: processing time is the injected clock’s difference, in seconds', async () => {
    const r = data(
      await build(pipeline(clock, 'text', ['720p']).port, analysis(), clock).orchestrate(ctx, { url: URL }),
    );
    expect(r.processingTime).toBe(5);
    expect(r.report).toContain('- **Processing time**: 5.0 s');
    expect(r.report).toContain('Generated 2026-11-24 12:00:05 UTC');
  });

  it('reports the checked claims with their verdicts, and validates depth', async () => {
    const r = data(
      await build(pipeline(clock, 'Sales grew 40% in 2025.').port, analysis(), clock).orchestrate(ctx, {
        url: URL,
        depth: ' Deep ',
      }),
    );
    expect([
      r.depth,
      r.report.includes('- ❔ uncertain (0.50): Sales grew 40% in 2025.'),
      r.report.includes('- **Status**: Completed'),
    ]).toEqual(['deep', true, true]);
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
