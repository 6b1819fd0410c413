import fc from 'fast-check';
import { followsOnSameLine, matchPatterns, PATTERN_RULE_IDS, PATTERN_RULES } from './threat-patterns';

const one = (value: string, disabled?: ReadonlySet<string>) => matchPatterns([{ field: 'text', value }], disabled);
const ids = (value: string, disabled?: ReadonlySet<string>) => one(value, disabled).map((m) => m.ruleId);

describe('matchPatterns', () => {
  it('keeps the table: 19 rules in order, with their regular expressions as written', () => {
    expect(PATTERN_RULES.map((r) => [r.id, r.source])).toEqual([
      ['sql_injection.union_select', String.raw`union\s+select`],
      ['sql_injection.drop_table', String.raw`drop\s+table`],
      ['sql_injection.insert_into', String.raw`insert\s+into`],
      ['sql_injection.or_1_equals_1', String.raw`'\s*or\s*'1'\s*=\s*'1`],
      ['sql_injection.stacked_drop', String.raw`;\s*drop\s+`],
      ['xss_attempt.script_tag', '<script.*?>'],
      ['xss_attempt.javascript_uri', 'javascript:'],
      ['xss_attempt.onerror', String.raw`onerror\s*=`],
      ['xss_attempt.onload', String.raw`onload\s*=`],
      ['xss_attempt.eval', String.raw`eval\s*\(`],
      ['path_traversal.dot_dot_slash', String.raw`\.\./`],
      ['path_traversal.dot_dot_backslash', String.raw`\.\.\\`],
      ['path_traversal.etc_passwd', '/etc/passwd'],
      ['path_traversal.system32', 'windows/system32'],
      ['command_injection.rm', String.raw`;\s*rm\s+`],
      ['command_injection.cat', String.raw`;\s*cat\s+`],
      ['command_injection.backticks', '`.*`'],
      ['command_injection.subshell', String.raw`\$\(.*\)`],
      ['command_injection.and_and', String.raw`&&\s*`],
    ]);
    expect(PATTERN_RULE_IDS).toHaveLength(19);
  });

  it('finds one match per rule however many times it occurs, after lower-casing', () => {
    expect(one('x UNION   SELECT y union select z')).toEqual([
      {
        ruleId: 'sql_injection.union_select',
        category: 'sql_injection',
        pattern: String.raw`union\s+select`,
        fields: ['text'],
      },
    ]);
  });

  it.each([
    ["'; drop table t", ['sql_injection.drop_table', 'sql_injection.stacked_drop']],
    ['<script>eval(1)', ['xss_attempt.script_tag', 'xss_attempt.eval']],
    ["a' OR '1'='1", ['sql_injection.or_1_equals_1']],
    ['1 OR 1=1', []],
    ['../../etc/passwd', ['path_traversal.dot_dot_slash', 'path_traversal.etc_passwd']],
    ['C:\\Windows\\..\\Windows/System32', ['path_traversal.dot_dot_backslash', 'path_traversal.system32']],
    ['a; rm -rf / && $(whoami)', ['command_injection.rm', 'command_injection.subshell', 'command_injection.and_and']],
    ['run `ls` please', ['command_injection.backticks']],
    [
      '<img src=x onerror=alert(1)> javascript:void(0) <body onload =f()>',
      ['xss_attempt.javascript_uri', 'xss_attempt.onerror', 'xss_attempt.onload'],
    ],
    ['insert into notes values (1)', ['sql_injection.insert_into']],
    ['What a lovely day to summarise the video.', []],
  ])('%j → %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it('names every field a rule matched, in the order given', () => {
    const matches = matchPatterns([
      { field: 'title', value: 'hello' },
      { field: 'query', value: 'a UNION select b' },
      { field: 'notes', value: 'union select' },
    ]);
    expect(matches.map((m) => [m.ruleId, m.fields])).toEqual([['sql_injection.union_select', ['query', 'notes']]]);
  });

  it('skips rules and categories a field lists, and only for that field', () => {
    const matches = matchPatterns([
      { field: 'content', value: 'use `npm ci` && then ../x', skip: ['command_injection.backticks', 'path_traversal'] },
      { field: 'path', value: '../x `y`' },
    ]);
    expect(matches.map((m) => [m.ruleId, m.fields])).toEqual([
      ['path_traversal.dot_dot_slash', ['path']],
      ['command_injection.backticks', ['path']],
      ['command_injection.and_and', ['content']],
    ]);
  });

  it('applies no rule switched off by id or by category', () => {
    const text = "x union select y; `id`; '1' && z";
    expect(ids(text)).toEqual([
      'sql_injection.union_select',
      'command_injection.backticks',
      'command_injection.and_and',
    ]);
    expect(ids(text, new Set(['command_injection.backticks']))).toEqual([
      'sql_injection.union_select',
      'command_injection.and_and',
    ]);
    expect(ids(text, new Set(['sql_injection', 'command_injection']))).toEqual([]);
  });

  it('returns nothing for no fields', () => {
    expect(matchPatterns([])).toEqual([]);
  });
});

describe('followsOnSameLine', () => {
  it.each([
    ['<script>', true],
    ['<script x', false],
    ['<script\n>', false],
    ['<script\r\n<script>', true],
    ['a\u2028<script b>', true],
    ['<script\u2029>', false],
    ['> <script', false],
  ])('<script … > in %j → %s', (text, expected) => {
    expect(followsOnSameLine(text, '<script', '>')).toBe(expected);
  });

  it('decides exactly what the wildcard rules decide, on random text over their characters', () => {
    const unit = fc.constantFrom('<', 's', 'c', 'r', 'i', 'p', 't', '>', '$', '(', ')', '`', '\n', '\r', '\u2028', 'x');
    const wildcardRules = PATTERN_RULES.filter((r) => r.source.includes('.*'));
    expect(wildcardRules.map((r) => r.id)).toEqual([
      'xss_attempt.script_tag',
      'command_injection.backticks',
      'command_injection.subshell',
    ]);
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) =>
        wildcardRules.every((r) => r.test(text) === r.pattern.test(text)),
      ),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('stays linear on a long line of heads without a tail', () => {
    const line = '$('.repeat(200_000) + '<script'.repeat(50_000);
    const started = performance.now();
    expect(ids(line)).toEqual([]);
    // The backtracking regex takes minutes here (about 4 on a test machine); the linear scan, milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
