import type { HealthReport } from './health-probe';

/* The texts of `enhanced_autonomous`. Pure functions; the wording is ours, order, counts and limits the original's. */

/** Characters of the crew's text, the summary and errors shown before the ellipsis. */
export const EXCERPT_CHARS = 500;
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
