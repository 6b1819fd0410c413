import type { ContentDigest } from '../content';
import { buildReport, checkOf } from './build-report';
import type { Method } from './report.model';

const METHOD: Method = {
  mode: 'fallback',
  depth: 'standard',
  requestedDepth: 'standard',
  engine: 'local',
  llmUsed: false,
  processingTimeS: 0.5,
  stages: [],
};

const digest = (claims: string[], words = 20): ContentDigest => ({
  about: {
    title: 'T',
    source: 'https://example.org',
    site: null,
    author: null,
    publishedAt: null,
    platform: 'web',
    contentType: 'text/html',
    language: words > 0 ? 'en' : null,
    words,
    readingMinutes: 0.1,
    durationS: null,
    textOrigin: 'page',
  },
  summary: { sentences: [], method: 'textrank', outline: [] },
  keyPoints: [],
  topics: [],
  entities: [],
  relations: [],
  claims: claims.map((text, i) => ({ text, score: 0.9 - i / 10, reasons: ['number'] })),
  fallacies: [],
  tone: { label: 'neutral', score: 0, drivers: [] },
  quotes: [],
});

describe(buildReport.name, () => {
  it('puts the checked claims first, with their verdicts, then the unchecked ones by check-worthiness', () => {
    const report = buildReport({
      content: digest(['Sales grew 40%.', 'Costs fell  by\n10%.', 'The plant opened in 2020.']),
      checks: [
        { claim: 'Costs fell by 10%.', verdict: 'supported', confidence: 0.8, source: 'the fact-check knowledge base' },
        { claim: 'The moon is\nmade of cheese.', verdict: 'refuted', confidence: 0.9, source: null },
      ],
      assessment: null,
      method: METHOD,
      now: Date.UTC(2026, 11, 7),
    });
    expect(report.claims).toEqual([
      {
        text: 'Costs fell  by\n10%.',
        worthiness: 0.8,
        verdict: 'supported',
        confidence: 0.8,
        source: 'the fact-check knowledge base',
      },
      { text: 'The moon is made of cheese.', worthiness: 0, verdict: 'refuted', confidence: 0.9, source: null },
      { text: 'Sales grew 40%.', worthiness: 0.9, verdict: null, confidence: null, source: null },
      { text: 'The plant opened in 2020.', worthiness: 0.7, verdict: null, confidence: null, source: null },
    ]);
    expect([report.version, report.generatedAt, report.notices]).toEqual([1, '2026-12-07T00:00:00.000Z', []]);
  });

  it('says so when there was no text to analyse, or when it does not read as English', () => {
    const build = (content: ContentDigest) =>
      buildReport({ content, checks: [], assessment: null, method: METHOD, notices: ['n'], now: 0 }).notices;
    expect(build(digest([], 0))).toEqual([
      'The source gave no text to analyse: every section below is empty for that reason.',
      'n',
    ]);
    const media = digest([], 0);
    expect(build({ ...media, about: { ...media.about, durationS: 95, textOrigin: 'none' } })).toEqual([
      'This media has no subtitles or captions and no speech recognition is configured (content.transcriptionUrl, ' +
        'or content.whisperModel for whisper.cpp): there is no transcript, so nothing below analyses what is said.',
      'n',
    ]);
    expect(build({ ...digest([]), about: { ...digest([]).about, language: null } })).toEqual([
      'n',
      'The text does not read as English; the analyses are made for English and may miss much.',
    ]);
  });
});

describe(checkOf.name, () => {
  it('names the best evidence’s publisher, else its kind', () => {
    const evidence = (source: 'memory' | 'google_fact_check', score: number, publisher: string | null) => ({
      source,
      text: 'x',
      url: null,
      score,
      verdict: null,
      publisher,
    });
    const result = { claim: 'c', verdict: 'mixed' as const, confidence: 0.4, backendsUsed: [] };
    expect(
      checkOf({
        ...result,
        evidence: [evidence('memory', 0.3, null), evidence('google_fact_check', 0.9, 'PolitiFact')],
      }).source,
    ).toBe('PolitiFact');
    expect(checkOf({ ...result, evidence: [evidence('memory', 0.3, null)] }).source).toBe(
      "the tenant's earlier content",
    );
    expect(checkOf({ ...result, evidence: [] }).source).toBeNull();
  });
});
