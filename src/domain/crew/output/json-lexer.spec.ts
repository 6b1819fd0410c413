import {
  dropTrailingCommas,
  firstBalancedObject,
  hasSingleQuotedKeys,
  join,
  lex,
  newlinesToSpaces,
  singleToDoubleQuotes,
} from './json-lexer';

const repair = (text: string, step: typeof dropTrailingCommas): string => join(step(lex(text)));

describe(lex.name, () => {
  it('splits code from double- and single-quoted strings', () => {
    expect(lex(`{"a": 'b'}`)).toEqual([
      { kind: 'code', open: '', body: '{', close: '' },
      { kind: 'double', open: '"', body: 'a', close: '"' },
      { kind: 'code', open: '', body: ': ', close: '' },
      { kind: 'single', open: "'", body: 'b', close: "'" },
      { kind: 'code', open: '', body: '}', close: '' },
    ]);
  });

  it('treats an apostrophe after a letter as prose, not as a quote', () => {
    expect(lex("don't {").map((s) => s.kind)).toEqual(['code']);
  });

  it('keeps an apostrophe inside a single-quoted string when no JSON syntax follows it', () => {
    expect(
      lex("['it's here']")
        .filter((s) => s.kind === 'single')
        .map((s) => s.body),
    ).toEqual(["it's here"]);
  });

  it('skips escaped quotes and leaves the close empty for a string the text ends in', () => {
    expect(lex('"a\\"b').at(-1)).toEqual({ kind: 'double', open: '"', body: 'a\\"b', close: '' });
  });

  it('round-trips through join', () => {
    const text = `x {'k': "v, }", "n": [1, 2,],}`;
    expect(join(lex(text))).toBe(text);
  });
});

describe(firstBalancedObject.name, () => {
  it('returns the first object, ignoring braces inside strings', () => {
    expect(firstBalancedObject('see {"a": "}{", "b": {"c": 1}} and {"d": 2}')).toBe('{"a": "}{", "b": {"c": 1}}');
  });

  it('skips an opening brace that never closes', () => {
    expect(firstBalancedObject('a { b')).toBeUndefined();
  });

  it('returns the first brace that balances when an outer one does not', () => {
    expect(firstBalancedObject('{"outer": {"inner": 1}')).toBe('{"inner": 1}');
  });
});

describe(hasSingleQuotedKeys.name, () => {
  it('is true only when a single-quoted string is followed by a colon', () => {
    expect([hasSingleQuotedKeys(lex("{'a': 1}")), hasSingleQuotedKeys(lex(`{"a": ['b']}`))]).toEqual([true, false]);
  });
});

describe('repairs', () => {
  it('drops trailing commas outside strings only', () => {
    expect(repair('{"a": ", }", "b": [1, 2 ,\n], }', dropTrailingCommas)).toBe('{"a": ", }", "b": [1, 2 \n] }');
  });

  it('re-quotes single-quoted strings and escapes the double quotes they contain', () => {
    expect(repair(`{'a': 'say "hi"', 'b': 'it\\'s'}`, singleToDoubleQuotes)).toBe(`{"a": "say \\"hi\\"", "b": "it's"}`);
  });

  it('replaces line breaks inside strings with a space, not those between tokens', () => {
    expect(repair('{\n"a": "one\r\ntwo\nthree"\n}', newlinesToSpaces)).toBe('{\n"a": "one two three"\n}');
  });
});
