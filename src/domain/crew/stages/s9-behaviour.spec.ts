import { fail, ok, skip } from '../../../core/result/step-result';
import type { Download } from '../../content/content.types';
import { behaviourStage, contentStructureOf } from './s9-behaviour';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

const download = (over: Partial<Download> = {}): Download => ({
  url: 'https://www.youtube.com/watch?v=abc',
  title: 'A talk',
  platform: 'youtube',
  duration: 60,
  author: 'Chan',
  site: 'YouTube',
  publishedAt: null,
  contentType: 'video/mp4',
  source: 'yt-dlp',
  ...over,
});
const s1 = (over: Partial<Download> = {}) =>
  ok<Record<string, unknown>>({ source_url: 'https://www.youtube.com/watch?v=abc', download: download(over) });
const s4 = (confidence?: number) =>
  ok<Record<string, unknown>>({ fact_checks: confidence === undefined ? {} : { confidence }, logical_fallacies: [] });
const s6 = (trustworthiness: Record<string, unknown>) =>
  ok<Record<string, unknown>>({ deception_score: 0.2, trustworthiness });

describe(behaviourStage.name, () => {
  it('profiles a video source from S1, S4 and S6', () => {
    expect(behaviourStage(s1(), s4(0.8125), s6({ subject: 'Chan', truthful: true }), NOW)).toEqual(
      ok({
        consistency: 0.813,
        patterns: {
          platform_type: 'youtube',
          content_structure: 'video_analysis',
          analysis_depth: 'specialized_agents',
        },
        reliability: { subject: 'Chan', truthful: true },
        entity_profile: { platform: 'youtube', content_type: 'video/mp4', timestamp: '2024-05-01T12:00:00.000Z' },
      }),
    );
  });

  it('uses .5 consistency and null reliability when S4 has no confidence and S6 did not run', () => {
    const result = behaviourStage(s1({ platform: 'web', contentType: 'text/html' }), s4(), skip('no verdicts'), NOW);
    expect(result).toMatchObject({
      status: 'ok',
      data: {
        consistency: 0.5,
        reliability: null,
        patterns: { platform_type: 'web', content_structure: 'text_analysis' },
      },
    });
  });

  it('ignores a failed S4 and an empty S6 trust record', () => {
    const result = behaviourStage(s1(), fail('processing', 'x'), s6({}), NOW);
    expect(result).toMatchObject({ status: 'ok', data: { consistency: 0.5, reliability: null } });
  });

  it('is skipped with acquisition_failed when S1 is not ok', () => {
    expect(behaviourStage(fail('unavailable', 'down'), s4(0.9), s6({ a: 1 }), NOW)).toEqual(skip('acquisition_failed'));
  });
});

describe(contentStructureOf.name, () => {
  it('treats video platforms and media files as video, everything else as text', () => {
    expect(contentStructureOf({ platform: 'tiktok', contentType: 'text/html' })).toBe('video_analysis');
    expect(contentStructureOf({ platform: 'file', contentType: 'audio/mpeg' })).toBe('video_analysis');
    expect(contentStructureOf({ platform: 'reddit', contentType: 'application/json' })).toBe('text_analysis');
  });
});
