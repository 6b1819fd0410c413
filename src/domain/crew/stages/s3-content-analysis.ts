import { fail, ok, skip } from '../../../core/result/step-result';
import { roundTo, type TextAnalysis } from '../../content';
import type { AcquisitionData, ContentAnalysisData, TranscriptionData } from './stage-data';
import type { StageDeps, StageResult } from './stage.types';

/** How many keyword terms become theme labels. */
export const THEMES = 5;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * S3 content analysis: the local text analysis and sentiment of the transcript, run in parallel
 * through the analysis port, with the structure of the transcript and the content's metadata. There is no LLM
 * branch: the port's offline analyses are the analysis (`analysis_method: 'local_nlp_analysis'`).
 * Skipped when S2 is: with S2's reason (`acquisition_failed`, `no_transcript`), else `no_transcript`.
 * A failing port is an `error` (category `processing`).
 */
export async function contentAnalysisStage(
  deps: Pick<StageDeps, 'analysis'>,
  s1: StageResult,
  s2: StageResult,
): Promise<StageResult> {
  if (s2.status !== 'ok') return skip(s2.status === 'skipped' ? s2.reason : 'no_transcript');
  const transcription = s2.data as unknown as TranscriptionData;
  const transcript = transcription.transcript;
  if (!transcript?.trim()) return skip('no_transcript');
  const download = s1.status === 'ok' ? (s1.data as unknown as AcquisitionData).download : transcription.media_info;
  try {
    const [text, sentiment] = await Promise.all([deps.analysis.text(transcript), deps.analysis.sentiment(transcript)]);
    const data: ContentAnalysisData = {
      linguistic_patterns: {
        words: text.words,
        sentences: text.sentences,
        reading_minutes: text.readingMinutes,
        entities: text.entities.map((e) => ({ text: e.text, type: e.type, count: e.count })),
      },
      sentiment,
      keywords: text.keywords,
      thematic_insights: text.keywords.slice(0, THEMES).map((k) => k.term),
      content_structure: contentStructure(transcript, text),
      content_metadata: {
        word_count: text.words,
        quality_score: transcription.quality_score,
        analysis_method: 'local_nlp_analysis',
        title: download.title,
        platform: download.platform,
        duration: download.duration,
        uploader: download.author,
      },
    };
    return ok({ ...data });
  } catch (e) {
    return fail('processing', `Content analysis failed: ${errorText(e)}`);
  }
}

/**
 * Paragraphs = blocks separated by a blank line (whitespace-only lines count as blank); average sentence length =
 * the analysis' words per sentence, one decimal, 0 without sentences.
 *
 * @example contentStructure('One. Two three.\n\nFour.', { words: 4, sentences: 3 }) // { paragraphs: 2, average_sentence_words: 1.3 }
 */
export function contentStructure(
  transcript: string,
  text: Pick<TextAnalysis, 'words' | 'sentences'>,
): ContentAnalysisData['content_structure'] {
  const paragraphs = transcript.split(/\n[^\S\n]*\n/).filter((block) => block.trim() !== '').length;
  return { paragraphs, average_sentence_words: text.sentences > 0 ? roundTo(text.words / text.sentences, 1) : 0 };
}
