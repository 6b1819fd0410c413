import { fail, ok, skip } from '../../../core/result/step-result';
import type { Sentiment, TextAnalysis } from '../../content/analysis/analysis.types';
import type { ContentAnalysisPort } from '../../content/content.ports';
import type { Download } from '../../content/content.types';
import { contentAnalysisStage, contentStructure } from './s3-content-analysis';
import type { TranscriptionData } from './stage-data';
import type { StageResult } from './stage.types';

const URL = 'https://example.org/talk';
const DOWNLOAD: Download = {
  url: URL,
  title: 'A talk',
  platform: 'web',
  duration: null,
  author: 'Ann',
  site: 'example.org',
  publishedAt: null,
  contentType: 'text/html',
  source: 'http',
};
const TRANSCRIPT = 'Prices rose. Wages fell sharply.\n\nNobody noticed it at all.\n  \n';
const TEXT: TextAnalysis = {
  words: 10,
  sentences: 3,
  characters: 63,
  keywords: ['prices', 'wages', 'nobody', 'rose', 'fell', 'sharply'].map((term, i) => ({ term, score: 1 - i / 10 })),
  entities: [{ text: '2025', type: 'DATE', count: 2 }],
  readingMinutes: 0.1,
};
const SENTIMENT: Sentiment = { label: 'negative', score: -0.4, positiveSentences: 0, negativeSentences: 1 };

function s2(transcript = TRANSCRIPT): StageResult {
  const data: TranscriptionData = {
    transcript,
    media_info: { ...DOWNLOAD, source_url: URL },
    timeline_anchors: [],
    transcript_index: [],
    quality_score: 0.9,
    origin: 'page',
  };
  return ok({ ...data });
}
const s1 = ok({ download: DOWNLOAD });

const unused = () => Promise.reject(new Error('not used by S3'));
function analysis(overrides: Partial<ContentAnalysisPort> = {}): ContentAnalysisPort {
  return {
    text: async () => TEXT,
    sentiment: async () => SENTIMENT,
    claims: unused,
    factCheck: unused,
    fallacies: unused,
    summary: unused,
    digest: unused,
    ...overrides,
  };
}

describe(contentAnalysisStage.name, () => {
  it('is skipped with S2’s reason, or no_transcript when S2 failed', async () => {
    const a = analysis();
    expect([
      await contentAnalysisStage({ analysis: a }, s1, skip('acquisition_failed')),
      await contentAnalysisStage({ analysis: a }, s1, fail('processing', 'boom')),
    ]).toEqual([skip('acquisition_failed'), skip('no_transcript')]);
  });

  it('builds the analysis from the port: patterns, sentiment, top 5 themes, structure and metadata', async () => {
    const result = await contentAnalysisStage({ analysis: analysis() }, s1, s2());
    expect(result).toEqual(
      ok({
        linguistic_patterns: {
          words: 10,
          sentences: 3,
          reading_minutes: 0.1,
          entities: [{ text: '2025', type: 'DATE', count: 2 }],
        },
        sentiment: SENTIMENT,
        keywords: TEXT.keywords,
        thematic_insights: ['prices', 'wages', 'nobody', 'rose', 'fell'],
        content_structure: { paragraphs: 2, average_sentence_words: 3.3 },
        content_metadata: {
          word_count: 10,
          quality_score: 0.9,
          analysis_method: 'local_nlp_analysis',
          title: 'A talk',
          platform: 'web',
          duration: null,
          uploader: 'Ann',
        },
      }),
    );
  });

  it('starts text analysis and sentiment together', async () => {
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = analysis({
      text: async () => (started.push('text'), await gate, TEXT),
      sentiment: async () => (started.push('sentiment'), await gate, SENTIMENT),
    });
    const pending = contentAnalysisStage({ analysis: a }, s1, s2());
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['text', 'sentiment']);
    release();
    expect((await pending).status).toBe('ok');
  });

  it('takes the metadata from S2’s media info when S1 is not ok', async () => {
    const result = await contentAnalysisStage({ analysis: analysis() }, skip('not run'), s2());
    expect(result.status === 'ok' && result.data.content_metadata).toMatchObject({ title: 'A talk', uploader: 'Ann' });
  });

  it('fails (processing) when a port call rejects', async () => {
    const result = await contentAnalysisStage(
      { analysis: analysis({ sentiment: () => Promise.reject(new Error('model missing')) }) },
      s1,
      s2(),
    );
    expect(result).toEqual(fail('processing', 'Content analysis failed: model missing'));
  });
});

describe(contentStructure.name, () => {
  it('counts blank-line separated blocks and averages words per sentence to one decimal (0 without sentences)', () => {
    expect([
      contentStructure('One.\r\n \r\nTwo.\n\n\nThree.', { words: 3, sentences: 3 }),
      contentStructure('a\nb', { words: 7, sentences: 2 }),
      contentStructure('', { words: 0, sentences: 0 }),
    ]).toEqual([
      { paragraphs: 3, average_sentence_words: 1 },
      { paragraphs: 1, average_sentence_words: 3.5 },
      { paragraphs: 0, average_sentence_words: 0 },
    ]);
  });
});
