import { parseText, toParsed } from './nlp';

const TEXT = "  Prices didn't rise in 2023.\n\nThe cities’ mayors met on May 4 at 9 am.";

describe(parseText.name, () => {
  it('splits sentences with offsets into the original text', () => {
    const text = 'Prices rose 4% in May.\n\nWages did not keep up!  Why?';
    const sut = parseText(text);
    expect(sut.sentences.map((s) => [s.index, s.start, s.end, s.text])).toEqual([
      [0, 0, 22, 'Prices rose 4% in May.'],
      [1, 24, 46, 'Wages did not keep up!'],
      [2, 48, 52, 'Why?'],
    ]);
  });

  it('gives each token its normal form, lemma, type, stop-word flag and offsets', () => {
    const sut = parseText(TEXT).sentences[1].tokens;
    expect(sut.map((t) => [t.text, t.normal, t.lemma, t.type, t.stopWord, t.start, t.end])).toEqual([
      ['The', 'the', 'the', 'word', true, 31, 34],
      ['cities', 'cities', 'city', 'word', false, 35, 41],
      ['’', '’', '’', 'punctuation', false, 41, 42],
      ['mayors', 'mayors', 'mayor', 'word', false, 43, 49],
      ['met', 'met', 'meet', 'word', false, 50, 53],
      ['on', 'on', 'on', 'word', true, 54, 56],
      ['May', 'may', 'may', 'word', true, 57, 60],
      ['4', '4', '4', 'number', false, 61, 62],
      ['at', 'at', 'at', 'word', true, 63, 65],
      ['9', '9', '9', 'number', false, 66, 67],
      ['am', 'am', 'be', 'word', true, 68, 70],
      ['.', '.', '.', 'punctuation', false, 70, 71],
    ]);
  });

  it('splits a contraction into two tokens and expands its normal form', () => {
    const sut = parseText(TEXT).sentences[0].tokens.slice(1, 3);
    expect(sut.map((t) => [t.text, t.normal, t.lemma, t.pos, t.start, t.end])).toEqual([
      ['did', 'did', 'do', 'AUX', 9, 12],
      ["n't", 'not', 'not', 'PART', 12, 15],
    ]);
  });

  it('leaves line breaks out of the tokens and keeps every token at its place in the text', () => {
    const sut = parseText(TEXT);
    const tokens = sut.sentences.flatMap((s) => s.tokens);
    expect(tokens.filter((t) => TEXT.slice(t.start, t.end) !== t.text)).toEqual([]);
    expect(tokens.filter((t) => t.text.trim() === '')).toEqual([]);
  });

  it("keeps wink's sentence sentiment, negation applied", () => {
    const sut = parseText('The staff were wonderful. The food was awful. The room was not clean.');
    expect(sut.sentences.map((s) => s.sentiment)).toEqual([1, -0.6, -0.4]);
  });

  it('finds entities with their type, sentence and offsets', () => {
    expect(parseText(TEXT).entities).toEqual([
      { text: '2023', type: 'DATE', sentenceIndex: 0, start: 24, end: 28 },
      { text: 'May 4', type: 'DATE', sentenceIndex: 1, start: 57, end: 62 },
      { text: '9 am', type: 'TIME', sentenceIndex: 1, start: 66, end: 70 },
    ]);
  });

  it('returns no sentences for an empty or blank text', () => {
    expect(parseText('')).toEqual({ text: '', sentences: [], entities: [] });
    expect(parseText(' \n\t ')).toEqual({ text: ' \n\t ', sentences: [], entities: [] });
  });
});

describe(toParsed.name, () => {
  it('passes a parsed text through and parses a string', () => {
    const parsed = parseText(TEXT);
    expect(toParsed(parsed)).toBe(parsed);
    expect(toParsed(TEXT)).toEqual(parsed);
  });
});
