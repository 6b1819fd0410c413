import { extractJson, scrapeKeyValues } from './extract-json';

describe(extractJson.name, () => {
  describe('locating the object', () => {
    it('prefers a ```json fenced block over an earlier bare object', () => {
      expect(extractJson('{"draft": 1}\n```json\n{"final": 2}\n```')).toEqual({ value: { final: 2 }, repaired: [] });
    });

    it('falls back to a plain ``` fenced block', () => {
      expect(extractJson('Output:\n```\n{"a": 1}\n```')).toEqual({ value: { a: 1 }, repaired: [] });
    });

    it('falls back to the first balanced object in the text', () => {
      expect(extractJson(`Here's the result: {"a": {"b": "c}"}} and more {"z": 0}`)).toEqual({
        value: { a: { b: 'c}' } },
        repaired: [],
      });
    });

    it('tries the bare object when the fenced block holds no object', () => {
      expect(extractJson('```python\nprint(1)\n```\nthen {"a": 1}')).toEqual({ value: { a: 1 }, repaired: [] });
    });

    it('returns undefined for text without an object, or with an array only', () => {
      expect([extractJson('plain text'), extractJson('[1, 2]'), extractJson('{ never closed')]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });

    it('returns undefined when no repair makes the object parse', () => {
      expect(extractJson('{"a": undefined}')).toBeUndefined();
    });
  });

  describe('repairs', () => {
    it('drops trailing commas before } and ]', () => {
      expect(extractJson('{"tags": ["x", "y",], "n": 1,}')).toEqual({
        value: { tags: ['x', 'y'], n: 1 },
        repaired: ['trailing_commas'],
      });
    });

    it('converts single quotes when keys are single-quoted, keeping apostrophes in double-quoted strings', () => {
      expect(extractJson(`{'title': 'Don\\'t stop', 'note': "it's \\"fine\\"", 'n': 2}`)).toEqual({
        value: { title: "Don't stop", note: 'it\'s "fine"', n: 2 },
        repaired: ['single_quotes'],
      });
    });

    it('keeps an apostrophe inside a single-quoted value', () => {
      expect(extractJson("{'a': 'it's here'}")).toEqual({ value: { a: "it's here" }, repaired: ['single_quotes'] });
    });

    it('does not touch apostrophes when no key is single-quoted', () => {
      expect(extractJson(`{"a": "it's", "b": ['x'],}`)).toBeUndefined();
    });

    it('replaces a newline inside a string with a space', () => {
      expect(extractJson('{"summary": "line one\nline two"}')).toEqual({
        value: { summary: 'line one line two' },
        repaired: ['newlines_in_strings'],
      });
    });

    it('applies repairs cumulatively and records each one needed, in order', () => {
      expect(extractJson("```json\n{'a': 'x\ny', 'b': [1,],}\n```")).toEqual({
        value: { a: 'x y', b: [1] },
        repaired: ['trailing_commas', 'single_quotes', 'newlines_in_strings'],
      });
    });
  });
});

describe(scrapeKeyValues.name, () => {
  it('reads key: value, key = value and "key": "value" lines, lower-casing keys', () => {
    expect(scrapeKeyValues('Platform: youtube\nAUTHOR = Jane Doe\n"video-id": "abc123", "lang": "english"')).toEqual({
      platform: 'youtube',
      author: 'Jane Doe',
      video_id: 'abc123',
      lang: 'english',
    });
  });

  it('keeps only values longer than 3 characters', () => {
    expect(scrapeKeyValues('duration: 120\nscore = 0.9\nlang: "en"\nmood: calm')).toEqual({ mood: 'calm' });
  });

  it('strips markup, quotes and a trailing comma from values', () => {
    expect(scrapeKeyValues("- **Author**: 'Jane Doe',\n* summary: `short one`")).toEqual({
      author: 'Jane Doe',
      summary: 'short one',
    });
  });

  it('keeps the first occurrence of a key', () => {
    expect(scrapeKeyValues('platform: youtube\nplatform: vimeo')).toEqual({ platform: 'youtube' });
  });

  it('does not read a bare URL as key "https"', () => {
    expect(scrapeKeyValues('https://example.com/a')).toEqual({ url: 'https://example.com/a' });
  });

  it('finds a media file path anywhere in the text, for each media extension', () => {
    const paths = ['mp4', 'webm', 'mp3', 'wav', 'M4A'].map(
      (ext) => scrapeKeyValues(`saved as /data/clip.${ext}.`).file_path,
    );
    expect(paths).toEqual(['/data/clip.mp4', '/data/clip.webm', '/data/clip.mp3', '/data/clip.wav', '/data/clip.M4A']);
  });

  it('prefers the file_path key, keeping spaces and dropping trailing prose', () => {
    expect(scrapeKeyValues('old: /tmp/a.mp3\nfile_path: C:\\My Videos\\b c.mp4 (downloaded)').file_path).toBe(
      'C:\\My Videos\\b c.mp4',
    );
  });

  it('does not take a media URL for a file path', () => {
    expect(scrapeKeyValues('source https://cdn.example.com/v/clip.mp4')).toEqual({
      url: 'https://cdn.example.com/v/clip.mp4',
    });
  });

  it('takes the first http(s) URL without trailing punctuation', () => {
    expect(scrapeKeyValues('Watch http://a.example/x?v=1, then https://b.example.').url).toBe('http://a.example/x?v=1');
  });

  it('reads a quoted transcript with escapes, and a title', () => {
    expect(scrapeKeyValues('{"transcript": "He said \\"hi\\" twice", "title": "Greetings", broken')).toEqual({
      transcript: 'He said "hi" twice',
      title: 'Greetings',
    });
  });

  it('reads a transcript block below its label up to the next blank line', () => {
    expect(scrapeKeyValues('Transcript:\nSpeaker A: hello there\nSpeaker B: goodbye\n\nNotes: none')).toEqual({
      transcript: 'Speaker A: hello there\nSpeaker B: goodbye',
      notes: 'none',
    });
  });

  it('returns an empty object when nothing matches', () => {
    expect(scrapeKeyValues('I could not finish the task.')).toEqual({});
  });
});
