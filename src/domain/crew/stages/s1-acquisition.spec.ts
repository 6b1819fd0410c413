import { fail, ok, skip } from '../../../core/result/step-result';
import { ManualClock } from '../../../core/runtime/clock';
import type { ContentPipelinePort, Envelope, PipelineOptions } from '../../content/content.ports';
import type { Quality } from '../../content/content.types';
import { ACQUISITION_GUIDANCE, acquisitionStage, classifyAcquisitionError } from './s1-acquisition';
import type { StageRun } from './stage.types';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const YT = 'https://www.youtube.com/watch?v=abc';
const WEB = 'https://example.org/talk';

function envelope(url: string, quality: Quality): Envelope {
  return {
    url,
    quality,
    processingTime: 1.5,
    timestamp: '2026-11-24T11:59:58.000Z',
    payload: {
      download: {
        url,
        title: 'A talk',
        platform: 'web',
        duration: 60,
        author: 'Ann',
        site: 'example.org',
        publishedAt: null,
        contentType: 'text/html',
        source: 'http',
      },
      transcription: { transcript: 'Hello.', timelineAnchors: [], qualityScore: 1, origin: 'page' },
      memory: { namespace: 'content', stored: 1 },
    },
  };
}

/** A pipeline answering each quality from `answers` (a function may throw); unlisted qualities succeed. */
function pipeline(
  answers: Partial<Record<Quality, (o: PipelineOptions) => ReturnType<ContentPipelinePort['process']>>> = {},
) {
  const calls: PipelineOptions[] = [];
  const port: ContentPipelinePort = {
    process: async (url, options) => {
      calls.push(options);
      const answer = answers[options.quality];
      return answer ? answer(options) : ok(envelope(url, options.quality));
    },
  };
  return { port, calls };
}

const failing = (message: string) => async () => fail('unavailable', message, { retryable: true });
const run = (url = WEB, extra: Partial<StageRun> = {}): StageRun => ({
  workflowId: 'wf-1',
  url,
  depth: 'standard',
  tenantId: 'acme',
  workspaceId: 'research',
  localFiles: 'any',
  ...extra,
});

describe(acquisitionStage.name, () => {
  let clock: ManualClock;
  beforeEach(() => (clock = new ManualClock(T0)));

  it('returns the flattened payload at the first quality, stamped from the clock, with the tenant, workspace and file policy', async () => {
    const p = pipeline();
    const result = await acquisitionStage({ pipeline: p.port, clock }, run());
    expect(p.calls).toEqual([
      { quality: '1080p', tenantId: 'acme', workspaceId: 'research', signal: undefined, localFiles: 'any' },
    ]);
    expect(result).toEqual(
      ok({
        source_url: WEB,
        download: envelope(WEB, '1080p').payload.download,
        transcription: envelope(WEB, '1080p').payload.transcription,
        memory: { namespace: 'content', stored: 1 },
        acquisition_timestamp: '2026-11-24T12:00:00.000Z',
        workflow_type: 'autonomous_intelligence',
        pipeline_metadata: { url: WEB, quality: '1080p', processing_time: 1.5, timestamp: '2026-11-24T11:59:58.000Z' },
        attempted_qualities: ['1080p'],
      }),
    );
  });

  it('walks the ladder 1080p → 720p → 480p → audio; a throw or a skip counts as that quality failing', async () => {
    const p = pipeline({
      '1080p': failing('no 1080p'),
      '720p': () => Promise.reject(new Error('socket hang up')),
      '480p': async () => skip('not offered'),
    });
    const result = await acquisitionStage({ pipeline: p.port, clock }, run());
    expect(p.calls.map((c) => c.quality)).toEqual(['1080p', '720p', '480p', 'audio']);
    expect(result.status === 'ok' && result.data.attempted_qualities).toEqual(['1080p', '720p', '480p', 'audio']);
  });

  it('fails with the error data when every quality fails: processing, retryable, general guidance', async () => {
    const p = pipeline({
      '1080p': failing('a'),
      '720p': failing('b'),
      '480p': failing('c'),
      audio: failing('connection refused'),
    });
    const result = await acquisitionStage({ pipeline: p.port, clock }, run());
    expect(result).toEqual(
      fail('processing', 'Content acquisition failed at every quality (1080p, 720p, 480p, audio): connection refused', {
        retryable: true,
        data: {
          step: 'content_pipeline_acquisition',
          url: WEB,
          attempted_qualities: ['1080p', '720p', '480p', 'audio'],
          error_type: 'general',
          guidance: ACQUISITION_GUIDANCE.general,
        },
      }),
    );
  });

  it('stops early at a quality-independent failure, keeping its category and retryability', async () => {
    const p = pipeline({
      '1080p': async () =>
        fail('forbidden', 'http://10.0.0.1/ is a private address', {
          retryable: false,
          data: { qualityIndependent: true } as never,
        }),
    });
    const result = await acquisitionStage({ pipeline: p.port, clock }, run('http://10.0.0.1/'));
    expect(p.calls).toHaveLength(1);
    expect(result).toMatchObject({
      status: 'error',
      category: 'forbidden',
      retryable: false,
      error: 'Content acquisition failed: http://10.0.0.1/ is a private address',
    });
    expect(result.status === 'error' && result.data).toMatchObject({
      attempted_qualities: ['1080p'],
      error_type: 'general',
    });
  });

  it('classifies a YouTube format or nsig failure as youtube_protection, with its guidance', async () => {
    const p = pipeline({
      '1080p': failing('yt-dlp downloaded no media for x: ERROR: Requested format is not available'),
      '720p': failing('b'),
      '480p': failing('c'),
      audio: failing('d'),
    });
    const result = await acquisitionStage({ pipeline: p.port, clock }, run(YT));
    expect(result.status === 'error' && result.data).toMatchObject({
      error_type: 'youtube_protection',
      guidance: ACQUISITION_GUIDANCE.youtube_protection,
    });
  });

  it('gives the downloader guidance when a cause names yt-dlp or dependency_missing', async () => {
    const p = pipeline({
      '1080p': failing('dependency_missing: downloader'),
      '720p': failing('b'),
      '480p': failing('c'),
      audio: failing('d'),
    });
    const result = await acquisitionStage({ pipeline: p.port, clock }, run(YT));
    expect(result.status === 'error' && result.data).toMatchObject({
      error_type: 'general',
      guidance: ACQUISITION_GUIDANCE.downloader,
    });
  });

  it('stops the ladder when the signal aborts, not retryable', async () => {
    const controller = new AbortController();
    const p = pipeline({ '1080p': async () => (controller.abort(), fail('timeout', 'aborted', { retryable: true })) });
    const result = await acquisitionStage({ pipeline: p.port, clock }, run(WEB, { signal: controller.signal }));
    expect(p.calls.map((c) => [c.quality, c.signal])).toEqual([['1080p', controller.signal]]);
    expect(result).toMatchObject({
      status: 'error',
      category: 'processing',
      retryable: false,
      error: 'Content acquisition aborted after 1 attempt(s)',
    });
  });
});

describe(classifyAcquisitionError.name, () => {
  it('needs both a YouTube host (any subdomain or youtu.be) and a protection cause', () => {
    expect([
      classifyAcquisitionError('https://youtu.be/abc', ['nsig extraction failed: some']),
      classifyAcquisitionError('https://m.youtube.com/watch?v=1', ['x', 'Requested format is not available']),
      classifyAcquisitionError('https://vimeo.com/1', ['Requested format is not available']),
      classifyAcquisitionError(YT, ['HTTP Error 404']),
      classifyAcquisitionError('not a url', ['nsig extraction failed']),
    ]).toEqual(['youtube_protection', 'youtube_protection', 'general', 'general', 'general']);
  });
});
