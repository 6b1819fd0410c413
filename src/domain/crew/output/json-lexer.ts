/**
 * A tolerant lexer for almost-JSON written by language models: it splits text into code and string segments so the
 * repairs of `extract-json.ts` touch only the part they are meant for (a comma inside a string is not a trailing
 * comma, an apostrophe inside a double-quoted string is not a quote).
 */

/** A run of text outside strings (`code`), or one string with its quotes kept apart from its body. */
export interface Segment {
  readonly kind: 'code' | 'double' | 'single';
  /** The opening quote (`"` or `'`); empty for code. */
  readonly open: string;
  readonly body: string;
  /** The closing quote; empty for code and for a string the text ends inside. */
  readonly close: string;
}

/** Characters after which a single quote opens a string rather than being an apostrophe. */
const VALUE_START = '{[,:';
/** What may follow the quote that closes a single-quoted string. */
const AFTER_SINGLE_CLOSE = /\s*(?:[,}\]:]|$)/y;

function followedBySyntax(text: string, at: number): boolean {
  AFTER_SINGLE_CLOSE.lastIndex = at;
  return AFTER_SINGLE_CLOSE.test(text);
}

/** Index of the quote closing a string opened just before `from`, or -1 when the text ends first. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    // A single quote closes only where JSON syntax can follow, so `'it's here'` stays one string.
    if (ch === quote && (quote === '"' || followedBySyntax(text, i + 1))) return i;
  }
  return -1;
}

/** Splits `text` into segments whose concatenation (`open + body + close`) is `text` again. */
export function lex(text: string): Segment[] {
  const segments: Segment[] = [];
  let code = '';
  let previous = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || (ch === "'" && previous !== '' && VALUE_START.includes(previous))) {
      if (code !== '') segments.push({ kind: 'code', open: '', body: code, close: '' });
      code = '';
      const end = closingQuote(text, i + 1, ch);
      const stop = end === -1 ? text.length : end;
      const kind = ch === '"' ? 'double' : 'single';
      segments.push({ kind, open: ch, body: text.slice(i + 1, stop), close: end === -1 ? '' : ch });
      i = stop + 1;
      previous = ch;
      continue;
    }
    code += ch;
    if (!/\s/.test(ch)) previous = ch;
    i++;
  }
  if (code !== '') segments.push({ kind: 'code', open: '', body: code, close: '' });
  return segments;
}

/** Joins segments back into text. */
export function join(segments: readonly Segment[]): string {
  return segments.map((s) => s.open + s.body + s.close).join('');
}

/**
 * The first balanced `{…}` object in `text`, braces inside strings not counted; undefined when no `{` closes.
 * Each `{` is tried in turn, so an opening brace in prose that never closes does not hide a later object.
 */
export function firstBalancedObject(text: string): string | undefined {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const tail = text.slice(start);
    let depth = 0;
    let offset = 0;
    for (const segment of lex(tail)) {
      if (segment.kind === 'code') {
        for (let i = 0; i < segment.body.length; i++) {
          const ch = segment.body[i];
          if (ch === '{') depth++;
          else if (ch === '}' && --depth === 0) return tail.slice(0, offset + i + 1);
        }
      }
      offset += segment.open.length + segment.body.length + segment.close.length;
    }
  }
  return undefined;
}

/** True when some single-quoted string is used as a key (followed by a colon). */
export function hasSingleQuotedKeys(segments: readonly Segment[]): boolean {
  return segments.some((s, i) => s.kind === 'single' && /^\s*:/.test(segments[i + 1]?.body ?? ''));
}

/** Removes commas that directly precede `}` or `]` outside strings. */
export function dropTrailingCommas(segments: readonly Segment[]): Segment[] {
  return segments.map((s) => (s.kind === 'code' ? { ...s, body: s.body.replace(/,(\s*[}\]])/g, '$1') } : s));
}

/** Re-quotes single-quoted strings with double quotes, escaping the double quotes they contain. */
export function singleToDoubleQuotes(segments: readonly Segment[]): Segment[] {
  return segments.map((s) => {
    if (s.kind !== 'single') return s;
    return { kind: 'double', open: '"', body: requote(s.body), close: s.close === '' ? '' : '"' };
  });
}

/** The body of a single-quoted string as the body of a double-quoted one: `\'` unescaped, `"` escaped. */
function requote(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') {
      const next = body[i + 1] ?? '';
      out += next === "'" ? "'" : ch + next;
      i++;
    } else {
      out += ch === '"' ? '\\"' : ch;
    }
  }
  return out;
}

/** Replaces raw line breaks inside strings (invalid in JSON) with a space. */
export function newlinesToSpaces(segments: readonly Segment[]): Segment[] {
  return segments.map((s) => (s.kind === 'code' ? s : { ...s, body: s.body.replace(/\r?\n|\r/g, ' ') }));
}
