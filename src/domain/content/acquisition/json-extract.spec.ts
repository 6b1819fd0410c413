import { extractJson } from './json-extract';

describe(extractJson.name, () => {
  it('returns the string leaves depth-first in key order, one per line, leaving out keys, numbers and blanks', () => {
    const body = JSON.stringify({
      id: 7,
      headline: ' Tides ',
      sections: [
        { heading: 'One', paragraphs: ['a', '  b  ', ''] },
        { heading: 'Two', tags: ['x'], draft: true },
      ],
      footer: null,
      note: 'end',
    });
    expect(extractJson(body)).toEqual({ title: 'Tides', text: 'Tides\nOne\na\nb\nTwo\nx\nend' });
  });

  it('prefers title over name over headline for the title', () => {
    expect(extractJson('{"headline":"H","name":"N","title":"T"}')?.title).toBe('T');
    expect(extractJson('{"headline":"H","name":"N"}')?.title).toBe('N');
    expect(extractJson('{"headline":"H","name":"  "}')?.title).toBe('H');
  });

  it('has no title when the document is not an object or its title is not a string', () => {
    expect(extractJson('["title","b"]')).toEqual({ title: null, text: 'title\nb' });
    expect(extractJson('{"title":{"text":"nested"}}')).toEqual({ title: null, text: 'nested' });
  });

  it('cuts the text at maxChars', () => {
    expect(extractJson('["abcdef","ghijkl","mnop"]', 10)).toEqual({ title: null, text: 'abcdef\nghi' });
  });

  it('copes with deeply nested documents', () => {
    const body = `${'['.repeat(5_000)}"deep"${']'.repeat(5_000)}`;
    expect(extractJson(body)).toEqual({ title: null, text: 'deep' });
  });

  it('returns null when the body is not JSON', () => {
    expect(extractJson('{"title": ')).toBeNull();
  });
});
