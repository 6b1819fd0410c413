/**
 * How good an agent's reply reads, 0–1, from its text alone (no model): the quality recorded with each crew task's
 * interaction. Four parts, each a 0–1 sum of the checks below, weighted by its share:
 *
 * - content (0.4): length in the task kind's window +0.3 (longer than 80 % of the window's maximum instead: +0.2);
 *   list markers (a line starting `-`, `*`, `•`, `1.` or `1)`) +0.2; a {@link SOURCE_PHRASES} phrase +0.3; no
 *   {@link HEDGES} word +0.2.
 * - accuracy (0.3): an {@link ATTRIBUTIONS} word +0.3; a {@link CITATIONS} word +0.4; no {@link ABSOLUTES} word
 *   +0.3, or at most two +0.1.
 * - reasoning (0.2): two or more {@link CONNECTORS} +0.4, one +0.2; an {@link EVIDENCE} word +0.3; a
 *   {@link BALANCE} phrase +0.3.
 * - UX (0.1): paragraphs (a blank line) +0.3; no {@link SLANG} +0.2; an {@link ACTIONABLE} phrase +0.3; no
 *   {@link ERROR_PHRASES} phrase +0.2.
 *
 * Words and phrases match whole, case-insensitively; counts are occurrences. An empty (or blank) reply scores 0.
 * The total is capped at 1 and rounded to 3 decimals.
 */
export function responseQuality(text: string, kind: string): number {
  return qualityBreakdown(text, kind).total;
}

/** The kinds with their own length window (characters); any other kind has {@link DEFAULT_WINDOW}. */
export const LENGTH_WINDOWS: Readonly<Record<string, readonly [number, number]>> = {
  summary: [100, 500],
  analysis: [300, 1500],
  fact_check: [150, 800],
};
export const DEFAULT_WINDOW: readonly [number, number] = [50, 1000];

export const SOURCE_PHRASES = [
  'according to',
  'based on',
  'reported by',
  'source',
  'sources',
  'research',
  'study',
  'studies',
] as const;
export const HEDGES = [
  'maybe',
  'perhaps',
  'possibly',
  'probably',
  'might',
  'i think',
  'i guess',
  'i believe',
  'not sure',
  'it seems',
] as const;
export const ATTRIBUTIONS = [
  'according to',
  'said',
  'says',
  'stated',
  'reported',
  'reports',
  'claimed',
  'claims',
] as const;
export const CITATIONS = [
  'cited',
  'citation',
  'reference',
  'references',
  'source',
  'sources',
  'http',
  'https',
  'doi',
] as const;
export const ABSOLUTES = [
  'always',
  'never',
  'every',
  'everyone',
  'everything',
  'nobody',
  'none',
  'definitely',
  'certainly',
  'undoubtedly',
  'guaranteed',
  'impossible',
  'absolutely',
] as const;
export const CONNECTORS = [
  'because',
  'therefore',
  'thus',
  'hence',
  'since',
  'so that',
  'as a result',
  'consequently',
  'which means',
] as const;
export const EVIDENCE = ['evidence', 'data', 'shows', 'indicates', 'demonstrates', 'found', 'measured'] as const;
export const BALANCE = [
  'however',
  'on the other hand',
  'although',
  'whereas',
  'while',
  'but',
  'alternatively',
  'in contrast',
] as const;
export const SLANG = ['lol', 'gonna', 'wanna', 'kinda', 'sorta', 'btw', 'omg', 'idk', 'tbh', 'dude'] as const;
export const ACTIONABLE = [
  'recommend',
  'recommended',
  'recommendation',
  'recommendations',
  'should',
  'consider',
  'next step',
  'next steps',
  'verify',
  'cross-check',
] as const;
export const ERROR_PHRASES = [
  'error',
  'failed',
  'failure',
  'unable to',
  'cannot',
  'could not',
  'exception',
  'not available',
] as const;

/** The parts of {@link responseQuality}, each 0–1 before its weight. */
export interface QualityBreakdown {
  readonly content: number;
  readonly accuracy: number;
  readonly reasoning: number;
  readonly ux: number;
  readonly total: number;
}

const WEIGHTS = { content: 0.4, accuracy: 0.3, reasoning: 0.2, ux: 0.1 } as const;
const LIST_MARKER = /^[ \t]*(?:[-*•]|\d+[.)])[ \t]+\S/m;
const PARAGRAPH = /\n[ \t]*\n/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new Map<readonly string[], RegExp>();

/** Occurrences of any of `words`, whole (not inside a longer word). */
function count(text: string, words: readonly string[]): number {
  let re = patterns.get(words);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    patterns.set(words, re);
  }
  return text.match(re)?.length ?? 0;
}

const has = (text: string, words: readonly string[]) => count(text, words) > 0;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const part = (checks: readonly number[]) => Math.min(1, round3(checks.reduce((a, b) => a + b, 0)));

/** The four parts of {@link responseQuality} and their weighted total. */
export function qualityBreakdown(text: string, kind: string): QualityBreakdown {
  if (text.trim() === '') return { content: 0, accuracy: 0, reasoning: 0, ux: 0, total: 0 };
  const [min, max] = LENGTH_WINDOWS[kind] ?? DEFAULT_WINDOW;
  const length = text.length;
  const absolutes = count(text, ABSOLUTES);
  const connectors = count(text, CONNECTORS);
  const content = part([
    length >= min && length <= max ? 0.3 : length > 0.8 * max ? 0.2 : 0,
    LIST_MARKER.test(text) ? 0.2 : 0,
    has(text, SOURCE_PHRASES) ? 0.3 : 0,
    has(text, HEDGES) ? 0 : 0.2,
  ]);
  const accuracy = part([
    has(text, ATTRIBUTIONS) ? 0.3 : 0,
    has(text, CITATIONS) ? 0.4 : 0,
    absolutes === 0 ? 0.3 : absolutes <= 2 ? 0.1 : 0,
  ]);
  const reasoning = part([
    connectors >= 2 ? 0.4 : connectors === 1 ? 0.2 : 0,
    has(text, EVIDENCE) ? 0.3 : 0,
    has(text, BALANCE) ? 0.3 : 0,
  ]);
  const ux = part([
    PARAGRAPH.test(text) ? 0.3 : 0,
    has(text, SLANG) ? 0 : 0.2,
    has(text, ACTIONABLE) ? 0.3 : 0,
    has(text, ERROR_PHRASES) ? 0 : 0.2,
  ]);
  const weighted =
    content * WEIGHTS.content + accuracy * WEIGHTS.accuracy + reasoning * WEIGHTS.reasoning + ux * WEIGHTS.ux;
  return { content, accuracy, reasoning, ux, total: Math.min(1, round3(weighted)) };
}

/** The length window a crew task's reply is scored with: integration is a summary, `analysis.fact` a fact check. */
export function qualityKindOf(taskId: string): string {
  if (taskId === 'integration') return 'summary';
  if (taskId === 'analysis.fact') return 'fact_check';
  return taskId.startsWith('analysis') ? 'analysis' : taskId;
}
