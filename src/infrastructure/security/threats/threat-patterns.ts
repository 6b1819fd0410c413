/** Attack categories the pattern table knows. */
export const PATTERN_CATEGORIES = ['sql_injection', 'xss_attempt', 'path_traversal', 'command_injection'] as const;
export type PatternCategory = (typeof PATTERN_CATEGORIES)[number];

/** One row of the table: `source` is the rule as written; `test` decides it on lower-cased text. */
export interface PatternRule {
  /** `<category>.<name>`, e.g. `command_injection.backticks`: what a switch or a field's `skip` names. */
  readonly id: string;
  readonly category: PatternCategory;
  readonly source: string;
  /** `source` compiled, case-insensitive. */
  readonly pattern: RegExp;
  readonly test: (text: string) => boolean;
}

/** A string field of a request chosen for inspection; `skip` lists rule ids or categories not applied to it. */
export interface InspectedField {
  readonly field: string;
  readonly value: string;
  readonly skip?: readonly string[];
}

/** A rule that matched at least one field: one match per rule, however many fields or occurrences. */
export interface PatternMatch {
  readonly ruleId: string;
  readonly category: PatternCategory;
  /** The rule's regular expression, as written. */
  readonly pattern: string;
  /** The fields it matched, in the order given. */
  readonly fields: readonly string[];
}

const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

/**
 * Whether `head` occurs and `tail` occurs after it on the same line: what `head.*tail` (or `head.*?tail`)
 * decides, in linear time. Backtracking such a regex over a long line of heads without a tail is quadratic.
 */
export function followsOnSameLine(text: string, head: string, tail: string): boolean {
  const lineEnd = new RegExp(LINE_TERMINATOR.source, 'g');
  // -2: not searched yet; -1: none left.
  let nextTail = -2;
  let nextEnd = -2;
  let from = 0;
  for (;;) {
    const start = text.indexOf(head, from);
    if (start === -1) return false;
    const after = start + head.length;
    if (nextTail !== -1 && nextTail < after) nextTail = text.indexOf(tail, after);
    if (nextTail === -1) return false;
    if (nextEnd !== -1 && nextEnd < after) {
      lineEnd.lastIndex = after;
      nextEnd = lineEnd.exec(text)?.index ?? -1;
    }
    if (nextEnd === -1 || nextTail < nextEnd) return true;
    // Every other head before this line's end shares the line and sees no earlier tail.
    from = nextEnd + 1;
  }
}

function rule(category: PatternCategory, name: string, source: string, linear?: [string, string]): PatternRule {
  const pattern = new RegExp(source, 'i');
  const test = linear ? (t: string) => followsOnSameLine(t, linear[0], linear[1]) : (t: string) => pattern.test(t);
  return { id: `${category}.${name}`, category, source, pattern, test };
}

/** The pattern table, in order. Text is lower-cased before the rules run. */
export const PATTERN_RULES: readonly PatternRule[] = [
  rule('sql_injection', 'union_select', String.raw`union\s+select`),
  rule('sql_injection', 'drop_table', String.raw`drop\s+table`),
  rule('sql_injection', 'insert_into', String.raw`insert\s+into`),
  rule('sql_injection', 'or_1_equals_1', String.raw`'\s*or\s*'1'\s*=\s*'1`),
  rule('sql_injection', 'stacked_drop', String.raw`;\s*drop\s+`),
  rule('xss_attempt', 'script_tag', String.raw`<script.*?>`, ['<script', '>']),
  rule('xss_attempt', 'javascript_uri', String.raw`javascript:`),
  rule('xss_attempt', 'onerror', String.raw`onerror\s*=`),
  rule('xss_attempt', 'onload', String.raw`onload\s*=`),
  rule('xss_attempt', 'eval', String.raw`eval\s*\(`),
  rule('path_traversal', 'dot_dot_slash', String.raw`\.\./`),
  rule('path_traversal', 'dot_dot_backslash', String.raw`\.\.\\`),
  rule('path_traversal', 'etc_passwd', String.raw`/etc/passwd`),
  rule('path_traversal', 'system32', String.raw`windows/system32`),
  rule('command_injection', 'rm', String.raw`;\s*rm\s+`),
  rule('command_injection', 'cat', String.raw`;\s*cat\s+`),
  rule('command_injection', 'backticks', '`.*`', ['`', '`']),
  rule('command_injection', 'subshell', String.raw`\$\(.*\)`, ['$(', ')']),
  rule('command_injection', 'and_and', String.raw`&&\s*`),
];

/** Every rule id, for validating switches. */
export const PATTERN_RULE_IDS: readonly string[] = PATTERN_RULES.map((r) => r.id);

/**
 * Runs the table over the given fields (lower-cased) and returns one match per rule that matched any field, in
 * table order. `disabled` holds rule ids and categories switched off for every field.
 *
 * @example
 * matchPatterns([{ field: 'query', value: "x'; DROP TABLE t" }]);
 * // → drop_table and stacked_drop, both naming the field `query`
 */
export function matchPatterns(
  fields: readonly InspectedField[],
  disabled: ReadonlySet<string> = new Set(),
): PatternMatch[] {
  const lowered = fields.map((f) => ({ ...f, value: f.value.toLowerCase(), skip: new Set(f.skip ?? []) }));
  const matches: PatternMatch[] = [];
  for (const r of PATTERN_RULES) {
    if (disabled.has(r.id) || disabled.has(r.category)) continue;
    const hit = lowered.filter((f) => !f.skip.has(r.id) && !f.skip.has(r.category) && r.test(f.value));
    if (hit.length > 0) {
      matches.push({ ruleId: r.id, category: r.category, pattern: r.source, fields: hit.map((f) => f.field) });
    }
  }
  return matches;
}
