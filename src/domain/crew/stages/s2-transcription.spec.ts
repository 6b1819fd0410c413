import { fail, ok } from '../../../core/result/step-result';
import type { Download, Transcription } from '../../content/content.types';
import { transcriptIndex, transcriptionStage } from './s2-transcription';
import type { AcquisitionData } from './stage-data';
import type { StageResult } from './stage.types';

const URL = 'https://www.youtube.com/watch?v=abc';
const TRANSCRIPT = 'Prices rose 4% last year. Wages did not keep up. Nobody noticed.';
const DOWNLOAD: Download = {
  url: URL,
  title: 'Prices',
  platform: 'youtube',
  duration: 12,
  author: 'Ann',
  site: 'YouTube',
  publishedAt: null,
  contentType: 'video/mp4',
  source: 'yt-dlp',
};

function s1(transcription: Partial<Transcription>): StageResult {
  const data: AcquisitionData = {
    source_url: URL,
    download: DOWNLOAD,
    transcription: {
      transcript: TRANSCRIPT,
      timelineAnchors: [],
      qualityScore: 0.8,
      origin: 'captions',
      ...transcription,
    },
    memory: { namespace: 'content', stored: 1 },
    acquisition_timestamp: '2026-11-24T12:00:00.000Z',
    workflow_type: 'autonomous_intelligence',
    pipeline_metadata: { url: URL, quality: '1080p', processing_time: 1, timestamp: '2026-11-24T12:00:00.000Z' },
    attempted_qualities: ['1080p'],
  };
  return ok({ ...data });
}

describe(transcriptionStage.name, () => {
  it('is skipped with acquisition_failed when S1 is not ok', () => {
    expect(transcriptionStage(fail('processing', 'all qualities failed'))).toEqual({
      status: 'skipped',
      reason: 'acquisition_failed',
    });
  });

  it('is skipped with no_transcript when the transcript is empty or blank', () => {
    expect([transcriptionStage(s1({ transcript: '' })), transcriptionStage(s1({ transcript: ' \n ' }))]).toEqual([
      { status: 'skipped', reason: 'no_transcript' },
      { status: 'skipped', reason: 'no_transcript' },
    ]);
  });

  it('returns the transcript, media info with the source URL, anchors, a sentence index and the quality score', () => {
    const anchors = [{ start: 0, end: 2, text: 'Prices rose 4%' }];
    expect(transcriptionStage(s1({ timelineAnchors: anchors }))).toEqual(
      ok({
        transcript: TRANSCRIPT,
        media_info: { ...DOWNLOAD, source_url: URL },
        timeline_anchors: anchors,
        transcript_index: [
          { start: 0, end: 25, time: 0 },
          { start: 26, end: 48, time: null },
          { start: 49, end: 64, time: null },
        ],
        quality_score: 0.8,
        origin: 'captions',
      }),
    );
  });

  it('defaults the quality score to .5 when the transcription has none', () => {
    const result = transcriptionStage(s1({ qualityScore: undefined }));
    expect(result.status === 'ok' && result.data.quality_score).toBe(0.5);
  });
});

describe(transcriptIndex.name, () => {
  it('times each sentence by the first anchor overlapping it, matching anchor text across line breaks; unmatched anchors and sentences get null', () => {
    const anchors = [
      { start: 0, end: 2, text: 'Prices rose 4%' },
      { start: 2.5, end: 5, text: 'last year. Wages\ndid not' },
      { start: 5, end: 6, text: 'keep up.' },
      { start: 9, end: 10, text: 'words never said' },
    ];
    expect(transcriptIndex(TRANSCRIPT, anchors).map((s) => [TRANSCRIPT.slice(s.start, s.end), s.time])).toEqual([
      ['Prices rose 4% last year.', 0],
      ['Wages did not keep up.', 2.5],
      ['Nobody noticed.', null],
    ]);
  });

  it('locates repeated text in order, so a later anchor times the later sentence', () => {
    const text = 'Go now. Go now.';
    expect(
      transcriptIndex(text, [
        { start: 1, end: 2, text: 'Go now.' },
        { start: 7, end: 8, text: 'Go now.' },
      ]).map((s) => s.time),
    ).toEqual([1, 7]);
  });

  it('gives every sentence a null time without anchors', () => {
    expect(transcriptIndex('One. Two.', []).map((s) => s.time)).toEqual([null, null]);
  });
});
