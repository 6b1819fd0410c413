import {
  dropTrailingCommas,
  firstBalancedObject,
  hasSingleQuotedKeys,
  join,
  lex,
  newlinesToSpaces,
  singleToDoubleQuotes,
  type Segment,
} from './json-lexer';

/** The repairs `extractJson` may apply, in the order it tries them (`id`s recorded in `repaired`). */
export const JSON_REPAIRS = ['trailing_commas', 'single_quotes', 'newlines_in_strings'] as const;
export type JsonRepair = (typeof JSON_REPAIRS)[number];

/** A JSON object found in a task's raw text, and the repairs it needed to parse. */
export interface ExtractedJson {
  readonly value: Record<string, unknown>;
  /** Repairs applied, in order; empty when the text parsed as it was. */
  readonly repaired: JsonRepair[];
}

const REPAIR_STEPS: ReadonlyArray<readonly [JsonRepair, (segments: readonly Segment[]) => Segment[] | undefined]> = [
  ['trailing_commas', dropTrailingCommas],
  // Only when a key is single-quoted: otherwise apostrophes are prose, not quotes.
  ['single_quotes', (segments) => (hasSingleQuotedKeys(segments) ? singleToDoubleQuotes(segments) : undefined)],
  ['newlines_in_strings', newlinesToSpaces],
];

const JSON_FENCE = /```[ \t]*json[^\n]*\n([\s\S]*?)```/i;
const ANY_FENCE = /```[^\n]*\n([\s\S]*?)```/;

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Parses `candidate`, applying the repairs cumulatively until it parses; undefined when it never does. */
function parseWithRepairs(candidate: string): ExtractedJson | undefined {
  let text = candidate;
  const repaired: JsonRepair[] = [];
  let value = parseObject(text);
  for (const [name, repair] of REPAIR_STEPS) {
    if (value !== undefined) break;
    const next = repair(lex(text));
    if (next === undefined) continue;
    const fixed = join(next);
    if (fixed === text) continue;
    text = fixed;
    repaired.push(name);
    value = parseObject(text);
  }
  return value === undefined ? undefined : { value, repaired };
}

/**
 * Finds and parses the JSON object in an agent's raw output. Candidates, tried in order: the first ```json fenced
 * block, the first ``` fenced block, the first balanced `{…}` object of the whole text. A candidate that does not
 * parse is repaired step by step ({@link JSON_REPAIRS}); only objects count (an array or a scalar does not).
 *
 * @returns the object and the repairs it needed, or undefined when no candidate parses even after repair.
 * @example extractJson("```json\n{'title': 'A',}\n```")
 *   // { value: { title: 'A' }, repaired: ['trailing_commas', 'single_quotes'] }
 */
export function extractJson(raw: string): ExtractedJson | undefined {
  const fenced = [JSON_FENCE.exec(raw)?.[1], ANY_FENCE.exec(raw)?.[1]].map((body) =>
    body === undefined ? undefined : firstBalancedObject(body),
  );
  const candidates = new Set([...fenced, firstBalancedObject(raw)].filter((c): c is string => c !== undefined));
  for (const candidate of candidates) {
    const result = parseWithRepairs(candidate);
    if (result !== undefined) return result;
  }
  return undefined;
}

/** Values must be longer than this to be scraped from a `key: value` line. */
const MIN_VALUE_LENGTH = 3;
const MEDIA = String.raw`\.(?:mp4|webm|mp3|wav|m4a)(?!\w)`;

const QUOTED_PAIR = /"([A-Za-z][\w-]*)"\s*:\s*"((?:[^"\\\n]|\\.)*)"/g;
const LINE_PAIR = /^\s*(?:[-*•]\s+)?[*_`"']*([A-Za-z][\w-]*)[*_`"']*\s*[:=]\s*(.*)$/;
/** `file_path: …media` first, so a path with spaces is kept whole; else any media file name in the text. */
const KEYED_FILE_PATH = new RegExp(String.raw`file_?path["'\`*]*\s*[:=]\s*["'\`]?([^"'\`\n,;]*?${MEDIA})`, 'i');
const BARE_FILE_PATH = new RegExp(String.raw`(?<![\w:/.\\~-])((?:[A-Za-z]:)?[\w./\\~%+-]+${MEDIA})`, 'i');
const URL = /https?:\/\/[^\s"'`<>)\]]+/i;
/**
 * A transcript is a quoted string (which may span lines), the rest of its line, or, when nothing follows the colon,
 * the block below it up to the next blank line.
 */
const TRANSCRIPT =
  /(?<!\w)transcript["'`*]*[ \t]*[:=][ \t]*(?:"((?:[^"\\]|\\.)*)"|(\S[^\n]*)|\r?\n([\s\S]+?)(?:\r?\n[ \t]*\r?\n|$))/i;
const TITLE = /(?<!\w)title["'`*]*[ \t]*[:=][ \t]*(?:"((?:[^"\\\n]|\\.)*)"|(\S[^\n]*))/i;

function unescapeJsonString(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

/** Trims markup around a scraped value: bold/code marks, a trailing comma, matching quotes. */
function cleanValue(value: string): string {
  const trimmed = value
    .trim()
    .replace(/,$/, '')
    .replace(/^[*_`]+\s*|\s*[*_`]+$/g, '')
    .trim();
  const quoted = /^(["'])([\s\S]*)\1$/.exec(trimmed);
  return quoted ? quoted[2].trim() : trimmed;
}

/** The value of a TRANSCRIPT or TITLE match: a quoted string unescaped, else the cleaned line or the trimmed block. */
function keyedValue(match: RegExpExecArray | null): string | undefined {
  if (!match) return undefined;
  const [, quoted, line, block] = match;
  if (quoted !== undefined) return unescapeJsonString(quoted).trim();
  return line !== undefined ? cleanValue(line) : block?.trim();
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/-/g, '_');
}

/**
 * Fallback for output with no parseable JSON: scrapes `key: value`, `key = value` and `"key": "value"` lines (keys
 * lower-cased, `-` → `_`; values longer than 3 characters; the first occurrence of a key wins), then overrides
 * them with targeted matches: a media `file_path` (.mp4/.webm/.mp3/.wav/.m4a), a `transcript` (quoted, or up to
 * the next blank line), the first http(s) `url` and a `title`.
 *
 * @example scrapeKeyValues('Saved to /tmp/a.mp4\nTitle: Cats') // { title: 'Cats', file_path: '/tmp/a.mp4' }
 */
export function scrapeKeyValues(raw: string): Record<string, string> {
  const pairs = new Map<string, string>();
  const add = (key: string, value: string): void => {
    const name = normaliseKey(key);
    // `https://…` alone on a line would otherwise read as key `https`.
    if (value.length > MIN_VALUE_LENGTH && !value.startsWith('//') && !pairs.has(name)) pairs.set(name, value);
  };
  for (const line of raw.split(/\r?\n/)) {
    const quoted = [...line.matchAll(QUOTED_PAIR)];
    if (quoted.length > 0) {
      for (const [, key, body] of quoted) add(key, unescapeJsonString(body).trim());
      continue;
    }
    const pair = LINE_PAIR.exec(line);
    if (pair) add(pair[1], cleanValue(pair[2]));
  }

  const targeted: Record<string, string | undefined> = {
    file_path: (KEYED_FILE_PATH.exec(raw) ?? BARE_FILE_PATH.exec(raw))?.[1].trim(),
    transcript: keyedValue(TRANSCRIPT.exec(raw)),
    url: URL.exec(raw)?.[0].replace(/[.,;:!?]+$/, ''),
    title: keyedValue(TITLE.exec(raw)),
  };
  for (const [key, value] of Object.entries(targeted)) if (value) pairs.set(key, value);
  return Object.fromEntries(pairs);
}
