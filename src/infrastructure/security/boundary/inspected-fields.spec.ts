import { selectFields, textOf, valueAt } from './inspected-fields';

describe('valueAt', () => {
  it('follows a dot path through objects', () => {
    expect(valueAt({ input: { signal: { metadata: { a: 1 } } } }, 'input.signal.metadata')).toEqual({ a: 1 });
  });

  it('returns undefined for a missing step, a step through a string, or an inherited property', () => {
    expect(valueAt({ input: {} }, 'input.url')).toBeUndefined();
    expect(valueAt({ input: 'text' }, 'input.length')).toBeUndefined();
    expect(valueAt({}, 'constructor')).toBeUndefined();
    expect(valueAt(JSON.parse('{"__proto__": {"x": "own"}}'), '__proto__.x')).toBe('own');
    expect(valueAt(undefined, 'url')).toBeUndefined();
  });
});

describe('textOf', () => {
  it('lists keys and strings breadth first, one per line, without numbers, booleans or nulls', () => {
    expect(textOf({ note: 'a', n: 1, inner: { deep: ['b', true, null, { k: 'c' }] } })).toBe(
      ['note', 'n', 'inner', 'a', 'deep', 'b', 'k', 'c'].join('\n'),
    );
  });

  it('walks a body nested 100 000 levels deep without overflowing the stack', () => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) nested = [nested];
    expect(textOf(nested as object)).toBe('bottom');
  });

  it('walks an array of 300 000 strings (more than one call may spread)', () => {
    expect(textOf(Array.from({ length: 300_000 }, () => 'x')).length).toBe(2 * 300_000 - 1);
  });
});

describe('selectFields', () => {
  it('takes strings as they are and containers as their text, in the order of the group, with its skip', () => {
    const body = { url: 'https://x.invalid/', metadata: { note: 'hi' }, count: 3 };
    expect(selectFields(body, { fields: ['metadata', 'count', 'missing', 'url'], skip: ['sql_injection'] })).toEqual([
      { field: 'metadata', value: 'note\nhi', skip: ['sql_injection'] },
      { field: 'url', value: 'https://x.invalid/', skip: ['sql_injection'] },
    ]);
  });

  it('gives no skip when the group has none, and nothing for a body that is not an object', () => {
    expect(selectFields({ input: { url: 'u' } }, { fields: ['input.url'] })).toEqual([
      { field: 'input.url', value: 'u' },
    ]);
    expect(selectFields('url', { fields: ['url'] })).toEqual([]);
    expect(selectFields(undefined, { fields: ['url'] })).toEqual([]);
  });
});
