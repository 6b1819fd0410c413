import { roundTo } from '../analysis/rounding';
import type { TimelineAnchor } from '../content.types';

/** The subtitle formats {@link parseSubtitles} reads. */
export type SubtitleFormat = 'vtt' | 'srt';

/** Subtitle text that could not be read; `line` is 1-based in the input (0 when no line is to blame). */
export class SubtitleParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'SubtitleParseError';
  }
}

/** Type guard for {@link SubtitleParseError}. */
export function isSubtitleParseError(error: unknown): error is SubtitleParseError {
  return error instanceof SubtitleParseError;
}

const SRT_TIMING = /^\s*\d+:\d{1,2}:\d{1,2},\d{1,3}\s*-->/m;
const TIMESTAMP = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/;
const TIMING_LINE = /^\s*(\S+)\s+-->\s+(\S+)(?:\s.*)?$/;
const VTT_SKIPPED_BLOCKS = /^(NOTE|STYLE|REGION)(\s|$)/;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: ' ',
  quot: '"',
  apos: "'",
  lrm: '',
  rlm: '',
};

const round3 = (n: number) => roundTo(n, 3);

/** `vtt` for a `WEBVTT` header, `srt` for `-->` timings with comma decimals, else null. */
export function detectSubtitleFormat(text: string): SubtitleFormat | null {
  const body = text.replace(/^\uFEFF/, '');
  if (/^WEBVTT(?:[ \t]|\r?\n|$)/.test(body)) return 'vtt';
  if (SRT_TIMING.test(body)) return 'srt';
  return null;
}

/**
 * Reads WebVTT or SRT into anchors in file order, times in seconds rounded to milliseconds.
 *
 * Headers, `NOTE`/`STYLE`/`REGION` blocks, cue identifiers and cue settings are skipped; tags inside the text
 * (`<c>`, `<i>`, `<v Name>`, inline `<00:00:01.000>` timestamps, SRT's `{\an8}`) are stripped and the common HTML
 * entities decoded. A cue's lines stay separated by `\n`; cues left without text are dropped.
 *
 * @param format detected with {@link detectSubtitleFormat} when omitted
 * @throws SubtitleParseError naming the line of a malformed timestamp, or when the text is neither format
 */
export function parseSubtitles(text: string, format?: SubtitleFormat): TimelineAnchor[] {
  const kind = format ?? detectSubtitleFormat(text);
  if (!kind) throw new SubtitleParseError(0, 'not WebVTT (no WEBVTT header) or SRT (no "hh:mm:ss,mmm -->" timing)');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // WebVTT ends a cue only at an empty line: YouTube keeps a cue going with a line holding one space.
  const isSeparator = kind === 'vtt' ? (l: string) => l === '' : (l: string) => l.trim() === '';
  const anchors: TimelineAnchor[] = [];
  let current: { start: number; end: number; text: string[] } | null = null;
  let skipping = false;
  const flush = () => {
    const body = current?.text.filter((t) => t !== '') ?? [];
    if (current && body.length > 0) anchors.push({ start: current.start, end: current.end, text: body.join('\n') });
    current = null;
  };
  let blockStart = true;
  let blocks = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isSeparator(line)) {
      flush();
      skipping = false;
      blockStart = true;
      continue;
    }
    if (blockStart && kind === 'vtt')
      skipping = VTT_SKIPPED_BLOCKS.test(line) || (blocks === 0 && line.startsWith('WEBVTT'));
    if (blockStart) blocks++;
    blockStart = false;
    if (skipping) continue;
    // Lines before the timing (a cue identifier, SRT's index) belong to no cue and are dropped.
    if (line.includes('-->')) {
      flush();
      current = { ...parseTiming(line, i + 1), text: [] };
    } else if (current) {
      current.text.push(cleanText(line));
    }
  }
  flush();
  return anchors;
}

function parseTiming(line: string, lineNumber: number): { start: number; end: number } {
  const match = TIMING_LINE.exec(line);
  if (!match) throw new SubtitleParseError(lineNumber, `line ${lineNumber}: malformed cue timing "${line.trim()}"`);
  const start = parseTimestamp(match[1], lineNumber);
  const end = parseTimestamp(match[2], lineNumber);
  return { start, end: Math.max(start, end) };
}

function parseTimestamp(raw: string, lineNumber: number): number {
  const match = TIMESTAMP.exec(raw);
  const [hours, minutes, seconds] = match ? [match[1], match[2], match[3]].map((p) => Number(p ?? 0)) : [];
  if (!match || minutes >= 60 || seconds >= 60) {
    throw new SubtitleParseError(
      lineNumber,
      `line ${lineNumber}: malformed timestamp "${raw}" (expected hh:mm:ss.mmm or hh:mm:ss,mmm)`,
    );
  }
  const fraction = Number(`0.${match[4] ?? '0'}`);
  return round3(hours * 3600 + minutes * 60 + seconds + fraction);
}

function cleanText(line: string): string {
  return line
    .replace(/<[^>]*>/g, '')
    .replace(/\{\\[^}]*\}/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => decodeEntity(name) ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntity(name: string): string | undefined {
  if (name[0] !== '#') return ENTITIES[name.toLowerCase()];
  const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/**
 * Removes the repetition of rolling captions (YouTube's automatic captions, broadcast roll-up): each cue there
 * repeats the line(s) the previous cue ended with and adds one new line, and short bridging cues repeat the
 * current line alone.
 *
 * The rule: when the leading lines of a cue equal the trailing lines of the cue before it (the longest such run,
 * compared after collapsing whitespace), those lines are dropped. A cue left empty adds nothing and instead
 * extends the previous anchor's end. Comparison is by whole lines, so a repeated word or phrase within a line is
 * kept; a line that is genuinely said twice in consecutive cues is kept only once.
 */
export function mergeRollingAnchors(anchors: readonly TimelineAnchor[]): TimelineAnchor[] {
  const merged: TimelineAnchor[] = [];
  let previous: string[] = [];
  for (const anchor of anchors) {
    const lines = anchor.text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => l !== '');
    const fresh = lines.slice(overlap(previous, lines));
    previous = lines;
    const last = merged[merged.length - 1];
    if (fresh.length > 0) merged.push({ start: anchor.start, end: anchor.end, text: fresh.join('\n') });
    else if (last && anchor.end > last.end) merged[merged.length - 1] = { ...last, end: anchor.end };
  }
  return merged;
}

/** The length of the longest run that ends `before` and starts `after`. */
function overlap(before: readonly string[], after: readonly string[]): number {
  for (let k = Math.min(before.length, after.length); k > 0; k--) {
    let same = true;
    for (let j = 0; j < k && same; j++) same = before[before.length - k + j] === after[j];
    if (same) return k;
  }
  return 0;
}

/**
 * The transcript of anchors: rolling repetition removed ({@link mergeRollingAnchors}), then every line joined
 * with single spaces.
 *
 * @example anchorsToTranscript(parseSubtitles(vtt)) // 'hello world this is a test'
 */
export function anchorsToTranscript(anchors: readonly TimelineAnchor[]): string {
  return mergeRollingAnchors(anchors)
    .map((a) => a.text.replace(/\s+/g, ' '))
    .join(' ')
    .trim();
}
