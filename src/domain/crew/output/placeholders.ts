import type { OutputSchema } from './schemas';

/** Text that marks template filler instead of real output; matched as case-insensitive substrings. */
export const PLACEHOLDER_PATTERNS = [
  'your transcribed text goes here',
  'goes here',
  '<extracted_insights>',
  'placeholder',
  'mock data',
  'example content',
  'sample text',
  '[insert',
  'TODO:',
  'FIXME:',
  'dummy data',
  'test content',
  '<insert',
  'replace with',
  'fill in',
  '[placeholder',
] as const;

/** Reason codes (`id`, the `reason` label of `autointel_placeholder_detected`). */
export const PLACEHOLDER_REASONS = [
  'short_transcript',
  'placeholder_pattern',
  'placeholder_insights',
  'placeholder_themes',
  'placeholder_fallacies',
  'empty_verification',
] as const;
export type PlaceholderReason = (typeof PLACEHOLDER_REASONS)[number];

/** A transcript shorter than this (trimmed) is flagged `short_transcript`. */
export const MIN_TRANSCRIPT_LENGTH = 100;

const LOWERED_PATTERNS = PLACEHOLDER_PATTERNS.map((pattern) => pattern.toLowerCase());

/**
 * The first placeholder pattern `text` contains (case-insensitive), or undefined.
 *
 * @example findPlaceholder('Insights: [INSERT here]') // '[insert'
 */
export function findPlaceholder(text: string): string | undefined {
  const lowered = text.toLowerCase();
  const index = LOWERED_PATTERNS.findIndex((pattern) => lowered.includes(pattern));
  return index === -1 ? undefined : PLACEHOLDER_PATTERNS[index];
}

/** Every string inside a value (arrays and objects walked, keys ignored), one per line. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join('\n');
  if (value !== null && typeof value === 'object') return Object.values(value).map(textOf).join('\n');
  return '';
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value) || typeof value === 'string') return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/**
 * Reasons to suspect that a task's parsed output is template filler rather than work. Detection only: callers
 * log the reasons and count them, they never reject the output. Schemas other than transcription, analysis and
 * verification have no checks.
 *
 * - transcription: `short_transcript` (transcript under {@link MIN_TRANSCRIPT_LENGTH} characters, or absent),
 *   `placeholder_pattern` (transcript contains a pattern);
 * - analysis: `placeholder_insights`, `placeholder_themes`, `placeholder_fallacies` (a pattern in any string of
 *   that key, nested values included);
 * - verification: `empty_verification` (neither `verified_claims` nor `fact_check_results` has an entry).
 *
 * @example placeholderFlags(OUTPUT_SCHEMAS.transcription, { transcript: 'Your transcribed text goes here' })
 *   // ['short_transcript', 'placeholder_pattern']
 */
export function placeholderFlags(schema: OutputSchema, value: Record<string, unknown>): PlaceholderReason[] {
  const flags: PlaceholderReason[] = [];
  switch (schema.name) {
    case 'transcription': {
      const transcript = typeof value.transcript === 'string' ? value.transcript.trim() : '';
      if (transcript.length < MIN_TRANSCRIPT_LENGTH) flags.push('short_transcript');
      if (findPlaceholder(transcript) !== undefined) flags.push('placeholder_pattern');
      break;
    }
    case 'analysis':
      if (findPlaceholder(textOf(value.insights)) !== undefined) flags.push('placeholder_insights');
      if (findPlaceholder(textOf(value.themes)) !== undefined) flags.push('placeholder_themes');
      if (findPlaceholder(textOf(value.fallacies)) !== undefined) flags.push('placeholder_fallacies');
      break;
    case 'verification':
      if (isEmpty(value.verified_claims) && isEmpty(value.fact_check_results)) flags.push('empty_verification');
      break;
    case 'acquisition':
    case 'integration':
      break;
  }
  return flags;
}
