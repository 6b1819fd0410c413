import { runUrlProblem } from './run-url';

describe(runUrlProblem.name, () => {
  it('accepts http and https URLs in any case, with or without file roots', () => {
    for (const localFiles of [false, true]) {
      expect(runUrlProblem('https://example.org/a', localFiles)).toBeUndefined();
      expect(runUrlProblem('HTTP://example.org', localFiles)).toBeUndefined();
    }
  });

  it('refuses every other scheme, naming url and the scheme', () => {
    expect(runUrlProblem('ftp://example.org/a.txt', false)).toBe('url must be an http or https URL, got "ftp:"');
    expect(runUrlProblem('gopher://x', true)).toBe(
      'url must be an http or https URL, a file: URL or a path, got "gopher:"',
    );
    expect(runUrlProblem('data:text/plain,hi', false)).toBe('url must be an http or https URL, got "data:"');
  });

  it('accepts file: URLs and paths only when file roots are configured', () => {
    const refused = 'url must be an http or https URL: this service reads no local files (content.fileRoots is empty)';
    for (const url of ['file:///etc/hostname.txt', 'notes/talk.vtt', '/srv/notes.md', 'C:\\notes\\talk.srt']) {
      expect(runUrlProblem(url, false)).toBe(refused);
      expect(runUrlProblem(url, true)).toBeUndefined();
    }
  });

  it('refuses an http(s) URL that does not parse', () => {
    expect(runUrlProblem('https://exa mple.org', false)).toBe('url is not a valid URL: "https://exa mple.org"');
  });
});
