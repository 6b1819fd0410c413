import { ok, skip } from '../../../core/result/step-result';
import { cachedParse, type TimelineAnchor } from '../../content';
import type { AcquisitionData, TranscriptionData } from './stage-data';
import type { StageResult } from './stage.types';

/** Used when the transcription carries no usable quality score. */
export const DEFAULT_TRANSCRIPT_QUALITY = 0.5;

type Span = { readonly start: number; readonly end: number };

/**
 * S2 transcription: the transcript of S1's payload with its media info, timeline anchors and a
 * sentence index. Skipped with `acquisition_failed` when S1 is not ok, `no_transcript` when the transcript is blank.
 */
export function transcriptionStage(s1: StageResult): StageResult {
  if (s1.status !== 'ok') return skip('acquisition_failed');
  const acquired = s1.data as unknown as AcquisitionData;
  const { transcript, timelineAnchors, qualityScore, origin } = acquired.transcription;
  if (!transcript?.trim()) return skip('no_transcript');
  const data: TranscriptionData = {
    transcript,
    media_info: { ...acquired.download, source_url: acquired.source_url },
    timeline_anchors: timelineAnchors,
    transcript_index: transcriptIndex(transcript, timelineAnchors),
    quality_score: Number.isFinite(qualityScore) ? qualityScore : DEFAULT_TRANSCRIPT_QUALITY,
    origin,
  };
  return ok({ ...data });
}

/**
 * One entry per sentence (wink's sentence split, via `cachedParse`: the analyses of S3 and S4 reuse the parse): its character span in the transcript and the
 * `start` of the first anchor whose text overlaps it, or null. Anchors carry text, not offsets, so each is first
 * located in the transcript, in order and whitespace-insensitively (subtitle transcripts join anchor lines with
 * spaces); an anchor whose text cannot be found is left out.
 *
 * @example transcriptIndex('Hi there. Bye now.', [{ start: 4, end: 6, text: 'Bye now.' }])
 * // [{ start: 0, end: 9, time: null }, { start: 10, end: 18, time: 4 }]
 */
export function transcriptIndex(
  transcript: string,
  anchors: readonly TimelineAnchor[],
): TranscriptionData['transcript_index'] {
  const located = locateAnchors(transcript, anchors);
  return cachedParse(transcript).sentences.map(({ start, end }) => {
    const anchor = located.find((a) => a.start < end && start < a.end);
    return { start, end, time: anchor ? anchor.time : null };
  });
}

/** Each anchor's span in the transcript, searched from the end of the previous match. */
function locateAnchors(transcript: string, anchors: readonly TimelineAnchor[]): (Span & { readonly time: number })[] {
  const located: (Span & { time: number })[] = [];
  let cursor = 0;
  for (const anchor of anchors) {
    const words = anchor.text.split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) continue;
    const pattern = new RegExp(words.map(escapeRegExp).join('\\s+'), 'giu');
    pattern.lastIndex = cursor;
    const match = pattern.exec(transcript);
    if (!match) continue;
    located.push({ start: match.index, end: match.index + match[0].length, time: anchor.start });
    cursor = match.index + match[0].length;
  }
  return located;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
