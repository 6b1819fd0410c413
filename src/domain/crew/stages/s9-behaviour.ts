import { ok, skip } from '../../../core/result/step-result';
import type { Download, Platform } from '../../content';
import { finite, isNonEmpty, score3 } from '../scoring/score-math';
import type { AcquisitionData, DeceptionData, FactAnalysisData } from './stage-data';
import type { StageResult } from './stage.types';

/** Consistency when S4 reports no confidence. */
export const DEFAULT_CONSISTENCY = 0.5;

/** Platforms whose content is media, analysed as video; every other source is analysed as text. */
export const VIDEO_PLATFORMS: readonly Platform[] = ['youtube', 'twitch', 'tiktok'];

const okData = <T>(r: StageResult): T | undefined => (r.status === 'ok' ? (r.data as unknown as T) : undefined);

/** `video_analysis` for a video platform or a video/audio media type (a local or linked media file), else `text_analysis`. */
export function contentStructureOf(
  download: Pick<Download, 'platform' | 'contentType'>,
): 'video_analysis' | 'text_analysis' {
  const media = /^(video|audio)\//i.test(download.contentType ?? '');
  return VIDEO_PLATFORMS.includes(download.platform) || media ? 'video_analysis' : 'text_analysis';
}

/**
 * S9 behavioural profile: how consistent, and how reliable, the source looks.
 * `consistency` = S4 `fact_checks.confidence` (the port's verification confidence; {@link DEFAULT_CONSISTENCY}
 * without one), `patterns` = platform, content structure and analysis depth, `reliability` = S6's
 * `trustworthiness` record (null when S6 has none), `entity_profile` = platform, media type and `now` as ISO 8601.
 * Skipped with `acquisition_failed` when S1 is not ok; S4 and S6 are optional.
 */
export function behaviourStage(s1: StageResult, s4: StageResult, s6: StageResult, now: number): StageResult {
  const acquired = okData<AcquisitionData>(s1);
  if (!acquired) return skip('acquisition_failed');
  const { download } = acquired;
  const confidence = finite(okData<FactAnalysisData>(s4)?.fact_checks?.confidence);
  const trust = okData<DeceptionData>(s6)?.trustworthiness;
  return ok({
    consistency: score3(confidence ?? DEFAULT_CONSISTENCY),
    patterns: {
      platform_type: download.platform,
      content_structure: contentStructureOf(download),
      analysis_depth: 'specialized_agents',
    },
    reliability: isNonEmpty(trust) ? trust : null,
    entity_profile: {
      platform: download.platform,
      content_type: download.contentType,
      timestamp: new Date(now).toISOString(),
    },
  });
}
