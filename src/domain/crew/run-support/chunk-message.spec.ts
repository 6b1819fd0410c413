import { chunkMessage, MESSAGE_CHUNK_SIZE } from './chunk-message';

describe('chunkMessage', () => {
  it('A7: splits a 4000-character text into 3 messages of 1900/1900/200', () => {
    const text = 'abcdefghij'.repeat(400);
    const sut = chunkMessage(text);
    expect(sut.map((c) => c.length)).toEqual([1900, 1900, 200]);
    expect(sut.join('')).toBe(text);
    expect(sut[1]).toBe(text.slice(1900, 3800));
  });

  it('defaults to 1900 code units', () => {
    expect(MESSAGE_CHUNK_SIZE).toBe(1900);
  });

  it('returns a text of exactly the size, or shorter, as one message', () => {
    expect(chunkMessage('x'.repeat(1900))).toEqual(['x'.repeat(1900)]);
    expect(chunkMessage('short')).toEqual(['short']);
    expect(chunkMessage('')).toEqual(['']);
  });

  it('cuts one unit early rather than split a surrogate pair', () => {
    const text = 'abc😀def'; // 😀 is two code units at indices 3 and 4
    const sut = chunkMessage(text, 4);
    expect(sut).toEqual(['abc', '😀de', 'f']);
    expect(sut.join('')).toBe(text);
  });

  it('keeps every chunk well formed for a text made only of astral characters', () => {
    const text = '😀'.repeat(5); // 10 code units
    expect(chunkMessage(text, 3)).toEqual(['😀', '😀', '😀', '😀', '😀']);
    expect(chunkMessage(text, 4)).toEqual(['😀😀', '😀😀', '😀']);
  });

  it('splits a lone high surrogate like any other unit', () => {
    expect(chunkMessage('ab\ud83dcd', 3)).toEqual(['ab\ud83d', 'cd']);
  });

  it('throws a RangeError for a size below 2 or not an integer', () => {
    expect(() => chunkMessage('abc', 1)).toThrow(RangeError);
    expect(() => chunkMessage('abc', 2.5)).toThrow(RangeError);
  });
});
