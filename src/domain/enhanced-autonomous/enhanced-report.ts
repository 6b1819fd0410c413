import type { Payload } from '../content';
import type { HealthReport } from './health-probe';

/* The texts of `enhanced_autonomous`. Pure functions; the wording is ours, order, counts and limits the original's. */

/** Characters of the crew's text, the summary and errors shown before the ellipsis. */
export const EXCERPT_CHARS = 500;
/** Characters of a title shown before the ellipsis. */
export const TITLE_CHARS = 100;
/** Issues listed in the unavailable message; the rest are counted ("and N more"). */
export const LISTED_ISSUES = 5;
/** Sent instead of a result message whose formatting threw. */
export const FORMATTING_ERROR_MESSAGE = '✅ Enhanced analysis completed (formatting error)';

/** `text` cut to `max` characters with `…` appended when something was cut. */
export function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** One progress update: every update is its own post, `<message> (current/total)`. */
export function progressLine(message: string, current: number, total: number): string {
  return `${message} (${current}/${total})`;
}

/** The crew path's result: header, URL, depth (as requested), method and the first 500 characters of the crew's text. */
export function crewResultMessage(r: { url: string; depth: string; runtime: string; finalRaw: string }): string {
  return [
    '🤖 **Enhanced autonomous intelligence analysis complete**',
    '',
    `**URL:** ${r.url}`,
    `**Depth:** ${r.depth}`,
    `**Method:** multi-agent crew (${r.runtime} runtime)`,
    '',
    '**Result:**',
    excerpt(r.finalRaw, EXCERPT_CHARS),
  ].join('\n');
}

export type StageTick = '✅' | '❌' | '⏭️';

/**
 * The stage list of the pipeline report and the payload block each tick reads (blocks of the unwrapped payload;
 * the original read `data.data` and never found them). The original's four stages are download, transcription,
 * analysis and discord; our pipeline's {@link Payload} carries download, transcription and memory, so analysis and
 * discord show ⏭️ unless a pipeline adds those blocks, and memory is listed as a fifth stage.
 */
export const PIPELINE_STAGES: readonly { readonly label: string; readonly block: string }[] = [
  { label: 'Download', block: 'download' },
  { label: 'Transcription', block: 'transcription' },
  { label: 'Analysis', block: 'analysis' },
  { label: 'Memory', block: 'memory' },
  { label: 'Discord', block: 'discord' },
];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * ⏭️ when the block is absent or empty (null, '', [], {}); ❌ when it says it failed (`success: false`, a non-empty
 * `error` such as a failed memory write) or is a transcription without text; ✅ otherwise.
 */
export function stageTick(name: string, block: unknown): StageTick {
  if (block === undefined || block === null || block === '') return '⏭️';
  if (Array.isArray(block)) return block.length === 0 ? '⏭️' : '✅';
  if (!isRecord(block)) return '✅';
  if (Object.keys(block).length === 0) return '⏭️';
  if (block.success === false || (typeof block.error === 'string' && block.error !== '')) return '❌';
  if (name === 'transcription' && typeof block.transcript === 'string' && block.transcript.trim() === '') return '❌';
  return '✅';
}

function sentimentText(sentiment: unknown): string {
  if (typeof sentiment === 'string') return sentiment;
  if (typeof sentiment === 'number') return sentiment.toFixed(2);
  if (isRecord(sentiment) && typeof sentiment.label === 'string') {
    return typeof sentiment.score === 'number' ? `${sentiment.label} (${sentiment.score.toFixed(2)})` : sentiment.label;
  }
  return JSON.stringify(sentiment);
}

/**
 * The pipeline path's messages: the report (title cut to 100, uploader, platform, method, depth, workflow id,
 * stage ticks), then a second message with sentiment and/or summary only when the payload's `analysis` block
 * carries them. Lines are joined with real newlines (the original joined them with a literal `\n`).
 */
export function pipelineResultMessages(r: {
  url: string;
  depth: string;
  workflowId: string;
  payload: Payload;
}): string[] {
  const blocks = r.payload as unknown as Record<string, unknown>;
  const download = isRecord(blocks.download) ? blocks.download : {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : 'Unknown');
  const report = [
    '✅ **Enhanced analysis complete (pipeline)**',
    '',
    `**URL:** ${r.url}`,
    `**Title:** ${excerpt(text(download.title), TITLE_CHARS)}`,
    `**Uploader:** ${text(download.author)}`,
    `**Platform:** ${text(download.platform)}`,
    '**Method:** direct pipeline',
    `**Depth:** ${r.depth}`,
    `**Workflow:** ${r.workflowId}`,
    '',
    '**Stages:**',
    ...PIPELINE_STAGES.map((s) => `${stageTick(s.block, blocks[s.block])} ${s.label}`),
  ].join('\n');
  const analysis = isRecord(blocks.analysis) ? blocks.analysis : {};
  const details: string[] = [];
  if (analysis.sentiment !== undefined && analysis.sentiment !== null)
    details.push(`**Sentiment:** ${sentimentText(analysis.sentiment)}`);
  if (typeof analysis.summary === 'string' && analysis.summary !== '')
    details.push(`**Summary:** ${excerpt(analysis.summary, EXCERPT_CHARS)}`);
  return details.length === 0 ? [report] : [report, ['📊 **Analysis details**', ...details].join('\n')];
}

/** The pipeline returned a failure: the error, the URL and the workflow id. */
export function pipelineFailureMessage(r: { error: string; url: string; workflowId: string }): string {
  return [
    '❌ **Pipeline processing failed**',
    `**Error:** ${excerpt(r.error, EXCERPT_CHARS)}`,
    `**URL:** ${r.url}`,
    `**Workflow:** ${r.workflowId}`,
  ].join('\n');
}

/** The pipeline threw: `Pipeline execution failed: <e>` and the workflow id. */
export function pipelineThrowMessage(r: { error: string; workflowId: string }): string {
  return [`❌ **Pipeline execution failed:** ${excerpt(r.error, EXCERPT_CHARS)}`, `**Workflow:** ${r.workflowId}`].join(
    '\n',
  );
}

/** Neither path is possible: the first five issues (+ "and N more") and the capabilities, or "None". */
export function unavailableMessage(health: HealthReport): string {
  const listed = health.issues.slice(0, LISTED_ISSUES).map((issue) => `- ${issue}`);
  const more = health.issues.length - LISTED_ISSUES;
  if (more > 0) listed.push(`- … and ${more} more`);
  return [
    '❌ **Enhanced autonomous intelligence unavailable**',
    '',
    '**Issues:**',
    ...(listed.length > 0 ? listed : ['- none reported']),
    '',
    `**Capabilities:** ${health.capabilities.length > 0 ? health.capabilities.join(', ') : 'None'}`,
  ].join('\n');
}

/** An unexpected throw escaped a path: the error, the workflow id and the probe's summary. */
export function workflowFailureMessage(r: { error: string; workflowId: string; health: HealthReport }): string {
  return [
    '❌ **Enhanced autonomous intelligence failed**',
    `**Error:** ${excerpt(r.error, EXCERPT_CHARS)}`,
    `**Workflow:** ${r.workflowId}`,
    `**System healthy:** ${r.health.healthy ? 'yes' : 'no'}`,
    `**Capabilities:** ${r.health.capabilities.length}`,
    `**Issues:** ${r.health.issues.length}`,
  ].join('\n');
}
