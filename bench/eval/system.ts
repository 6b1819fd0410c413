import { digestContent, type ContentDigest } from '../../src/domain/content';
import type { SystemEntity } from './metrics';

/** What the evaluation reads from the system under test for one document. */
export interface SystemOutput {
  readonly summary: string;
  readonly entities: readonly SystemEntity[];
}

/**
 * The system under test: what the main job's report says of a document's text — the digest's summary (its
 * sentences, joined) and its named entities — at standard depth, with the document given as a local text file.
 * Everything else in the evaluation is independent of how they are computed.
 */
export function systemOutput(text: string): SystemOutput {
  const digest = digestOf(text);
  return {
    summary: digest.summary.sentences.join(' '),
    entities: digest.entities.map(({ text: entity, type }) => ({ text: entity, type })),
  };
}

/** The report's digest of a document's text, at standard depth, the document given as a local text file. */
export function digestOf(text: string): ContentDigest {
  return digestContent(
    {
      download: {
        url: 'eval.txt',
        title: null,
        platform: 'file',
        duration: null,
        author: null,
        site: null,
        publishedAt: null,
        contentType: 'text/plain',
        source: 'file',
      },
      transcription: { transcript: text, timelineAnchors: [], qualityScore: 1, origin: 'text' },
    },
    'standard',
  );
}
