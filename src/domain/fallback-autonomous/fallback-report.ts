import type { StepResult } from '../../core/result/step-result';
import type { FactCheckResult, Fallacy, Payload, Perspective, Sentiment, TextAnalysis } from '../content';

/** What the basic-analysis stage returns under `data` (a failed tool contributes `{}`). */
export interface AnalysisData {
  readonly message: string;
  readonly textAnalysis: TextAnalysis | Record<string, never>;
  readonly sentimentAnalysis: Sentiment | Record<string, never>;
  readonly perspective: Perspective | Record<string, never>;
}

/** What the fact-check stage returns under `data`. */
export interface FactData {
  readonly message: string;
  readonly factChecks: readonly FactCheckResult[];
  readonly logicalFallacies: readonly Fallacy[];
}

export interface ReportInput {
  readonly url: string;
  readonly depth: string;
  /** Seconds. */
  readonly processingTime: number;
  readonly payload: Payload;
  readonly analysis: StepResult<AnalysisData>;
  readonly facts: StepResult<FactData>;
  /** Epoch ms of the footer. */
  readonly now: number;
}

/**
 * −1…1 from the sentiment block: `score`, else the label (positive +1, negative −1), else 0. The original read a
 * field the tool never returns, so it always showed 0.
 */
export function sentimentScore(sentiment: Partial<Sentiment> | undefined): number {
  if (!sentiment) return 0;
  if (typeof sentiment.score === 'number' && Number.isFinite(sentiment.score)) return sentiment.score;
  if (sentiment.label === 'positive') return 1;
  if (sentiment.label === 'negative') return -1;
  return 0;
}

/** Positive above 0.1, Negative below −0.1, else Neutral. */
export function sentimentLabel(score: number): 'Positive' | 'Negative' | 'Neutral' {
  if (score > 0.1) return 'Positive';
  if (score < -0.1) return 'Negative';
  return 'Neutral';
}

/** Whitespace-separated tokens. */
export function wordCount(transcript: string): number {
  const trimmed = transcript.trim();
  return trimmed.length === 0 ? 0 : trimmed.split(/\s+/).length;
}

/** `YYYY-MM-DD HH:MM:SS UTC`. */
export function utcStamp(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const VERDICT_MARK: Readonly<Record<string, string>> = {
  supported: '✅ supported',
  refuted: '❌ refuted',
  mixed: '⚖️ mixed',
  uncertain: '❔ uncertain',
};

const dataOf = <T>(r: StepResult<T>): Partial<T> => (r.status === 'ok' ? r.data : {});

/**
 * The fallback report, in Markdown, sections in the original's order: title, notice, content summary,
 * transcript, sentiment, fact verification, system status, recommendations, full mode, footer. It adds what the
 * original never showed although it computed or promised it: the summary, keywords, the checked claims with their
 * verdicts and the fallacies found. Depth is echoed only.
 */
export function renderFallbackReport(input: ReportInput): string {
  const { download, transcription } = input.payload;
  const analysis = dataOf(input.analysis);
  const facts = dataOf(input.facts);
  const transcript = transcription.transcript ?? '';
  const words = wordCount(transcript);
  const score = sentimentScore(analysis.sentimentAnalysis);
  const factChecks = facts.factChecks ?? [];
  const fallacies = facts.logicalFallacies ?? [];
  const checked = factChecks.length > 0;
  const summary = (analysis.perspective as Partial<Perspective> | undefined)?.summary;
  const keywords = ((analysis.textAnalysis as Partial<TextAnalysis> | undefined)?.keywords ?? []).map((k) => k.term);
  const lines = [
    '# Intelligence report (fallback mode)',
    '',
    '> Basic analysis: one acquisition, local text analysis and fact checks, no multi-agent crew.',
    '',
    '## Content',
    `- **URL**: ${input.url}`,
    `- **Title**: ${download.title ?? 'Unknown Title'}`,
    `- **Platform**: ${download.platform ?? 'Unknown Platform'}`,
    // Media have a duration; a document has a length and a reading time instead.
    download.duration === null || download.duration === undefined
      ? `- **Length**: ${words.toLocaleString('en-US')} words, about ${readingTime(analysis.textAnalysis, words)} to read`
      : `- **Duration**: ${Math.round(download.duration)} s`,
    ...(download.author ? [`- **Author**: ${download.author}`] : []),
    `- **Depth**: ${input.depth}`,
    `- **Processing time**: ${input.processingTime.toFixed(1)} s`,
    ...(summary ? ['', '## Summary', summary] : []),
    ...(keywords.length > 0 ? ['', `**Keywords**: ${keywords.join(', ')}`] : []),
    '',
    '## Transcript',
    `- **Words**: ${words.toLocaleString('en-US')}`,
    `- **Available**: ${words > 0 ? 'Yes' : 'No'}`,
    '',
    '## Sentiment',
    `- **Overall**: ${sentimentLabel(score)} (${score.toFixed(2)})`,
    '',
    '## Fact verification',
    `- **Status**: ${checked ? 'Completed' : 'Limited'}`,
    `- **Tools**: ${checked ? 'Available' : 'Limited'}`,
    ...factChecks.map((f) => `- ${VERDICT_MARK[f.verdict] ?? f.verdict} (${f.confidence.toFixed(2)}): ${f.claim}`),
    ...(fallacies.length > 0
      ? ['', '**Possible fallacies**:', ...fallacies.map((f) => `- ${f.label}: “${f.span.text}” — ${f.explanation}`)]
      : []),
    '',
    '## System status',
    '- **Mode**: fallback',
    '- **Multi-agent crew**: off',
    '- **LLM analysis**: off',
    '',
    '## What the fuller modes add',
    '- `mode: autonomous` (the default): a crew of specialised agents in stages, deeper claim research, a quality',
    '  assessment and a briefing grade; `mode: enhanced` runs the same crew under a time cap.',
    '- Configure the fact-check knowledge base (`content.factCheckKnowledgeBase`) or the Google Fact Check API for verdicts.',
    '',
    `---`,
    `Generated ${utcStamp(input.now)}`,
  ];
  return lines.join('\n');
}

/** The text analysis's reading time (200 words a minute when it has none), as `N min`, at least 1. */
function readingTime(textAnalysis: unknown, words: number): string {
  const minutes = (textAnalysis as Partial<TextAnalysis> | undefined)?.readingMinutes ?? words / 200;
  return `${Math.max(1, Math.round(minutes))} min`;
}
