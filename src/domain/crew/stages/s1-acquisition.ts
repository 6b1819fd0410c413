import { fail, ok } from '../../../core/result/step-result';
import type { ErrorCategory } from '../../../core/result/error-category';
import { AUTONOMOUS_QUALITIES, detectPlatform, type Envelope, type Quality } from '../../content';
import type { AcquisitionData, AcquisitionErrorData } from './stage-data';
import type { StageDeps, StageResult, StageRun } from './stage.types';

/** Causes that mean YouTube refused the formats (signature or format protection), not that the content is gone. */
const YOUTUBE_PROTECTION = ['Requested format is not available', 'nsig extraction failed'];

/** What the user can do, by the kind of acquisition failure. */
export const ACQUISITION_GUIDANCE = {
  youtube_protection:
    'YouTube refused every format (format or signature protection). Update yt-dlp (`yt-dlp -U`), try again later, or supply the media as a local file.',
  downloader:
    'The downloader failed or is missing: install yt-dlp, make sure it is on PATH and up to date, then try again.',
  general:
    'The content could not be acquired at any quality. Check that the URL is reachable and public, then try again.',
} as const;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * S1 acquisition: the pipeline down the quality ladder 1080p → 720p → 480p → audio with the run's
 * tenant, workspace, signal and local-file policy; the first success wins. Mirrors the fallback path's ladder: a
 * thrown pipeline error is that quality's failure, and a failure flagged `qualityIndependent` (blocked address,
 * 404, …) stops the ladder, since another quality cannot fix it; an aborted signal stops it too.
 *
 * Success → `ok(AcquisitionData)`, stamped from the injected clock. Failure → `error` whose data is
 * {@link AcquisitionErrorData}: category `processing` when the ladder ran out, the cause's own category when a
 * quality-independent failure stopped it, not retryable when aborted.
 */
export async function acquisitionStage(
  deps: Pick<StageDeps, 'pipeline' | 'clock'>,
  run: StageRun,
): Promise<StageResult> {
  const attempted: Quality[] = [];
  const causes: string[] = [];
  for (const quality of AUTONOMOUS_QUALITIES) {
    if (run.signal?.aborted)
      return acquisitionFailure(
        run.url,
        attempted,
        causes,
        'processing',
        `Content acquisition aborted after ${attempted.length} attempt(s)`,
        false,
      );
    attempted.push(quality);
    try {
      const result = await deps.pipeline.process(run.url, {
        quality,
        tenantId: run.tenantId,
        workspaceId: run.workspaceId,
        signal: run.signal,
        localFiles: run.localFiles,
      });
      if (result.status === 'ok') return ok({ ...acquisitionData(run.url, result.data, attempted, deps.clock.now()) });
      causes.push(result.status === 'error' ? result.error : result.reason);
      if (
        result.status === 'error' &&
        (result.data as { qualityIndependent?: boolean } | undefined)?.qualityIndependent
      ) {
        return acquisitionFailure(
          run.url,
          attempted,
          causes,
          result.category,
          `Content acquisition failed: ${result.error}`,
          result.retryable,
        );
      }
    } catch (e) {
      causes.push(errorText(e));
    }
  }
  if (run.signal?.aborted)
    return acquisitionFailure(
      run.url,
      attempted,
      causes,
      'processing',
      `Content acquisition aborted after ${attempted.length} attempt(s)`,
      false,
    );
  const last = causes[causes.length - 1] ?? 'no attempt';
  return acquisitionFailure(
    run.url,
    attempted,
    causes,
    'processing',
    `Content acquisition failed at every quality (${attempted.join(', ')}): ${last}`,
    true,
  );
}

/** The success data: the payload flattened, with its origin and the envelope's metadata. */
function acquisitionData(url: string, envelope: Envelope, attempted: readonly Quality[], now: number): AcquisitionData {
  const { download, transcription, memory } = envelope.payload;
  return {
    source_url: url,
    download,
    transcription,
    memory,
    acquisition_timestamp: new Date(now).toISOString(),
    workflow_type: 'autonomous_intelligence',
    pipeline_metadata: {
      url: envelope.url,
      quality: envelope.quality,
      processing_time: envelope.processingTime,
      timestamp: envelope.timestamp,
    },
    attempted_qualities: [...attempted],
  };
}

function acquisitionFailure(
  url: string,
  attempted: readonly Quality[],
  causes: readonly string[],
  category: ErrorCategory,
  message: string,
  retryable: boolean,
): StageResult {
  const errorType = classifyAcquisitionError(url, causes);
  const data: AcquisitionErrorData = {
    step: 'content_pipeline_acquisition',
    url,
    attempted_qualities: [...attempted],
    error_type: errorType,
    guidance: acquisitionGuidance(errorType, causes),
  };
  return fail(category, message, { retryable, data: { ...data } });
}

/** `youtube_protection` when the URL is on YouTube and a cause names a format or nsig failure, else `general`. */
export function classifyAcquisitionError(url: string, causes: readonly string[]): AcquisitionErrorData['error_type'] {
  const protectedCause = causes.some((cause) => YOUTUBE_PROTECTION.some((marker) => cause.includes(marker)));
  return protectedCause && isYouTube(url) ? 'youtube_protection' : 'general';
}

/**
 * The guidance text. YouTube protection comes first: our yt-dlp errors name yt-dlp too, and updating it is the
 * advice that helps there. Then a missing or failing downloader (`dependency_missing` or "yt-dlp" in a cause).
 */
export function acquisitionGuidance(errorType: AcquisitionErrorData['error_type'], causes: readonly string[]): string {
  if (errorType === 'youtube_protection') return ACQUISITION_GUIDANCE.youtube_protection;
  if (causes.some((cause) => /dependency_missing|yt-dlp/i.test(cause))) return ACQUISITION_GUIDANCE.downloader;
  return ACQUISITION_GUIDANCE.general;
}

function isYouTube(url: string): boolean {
  try {
    return detectPlatform(new URL(url)) === 'youtube';
  } catch {
    return false;
  }
}
