import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AcquisitionError, type AcquisitionErrorCode } from '../content.types';
import { FileSource, markdownToText, toFileUrl } from './file-source';

const SAMPLE_VTT = resolve(__dirname, '../../../../test/fixtures/content/sample.vtt');
const PARAGRAPH_1 =
  'The harbour master opened the logbook at dawn, noting the wind, the tide, and the three boats that had not yet returned.';
const PARAGRAPH_2 =
  'By noon, all three were moored again, their crews tired but cheerful, and the gulls had found the morning catch.';

async function failure(promise: Promise<unknown>): Promise<{ code: AcquisitionErrorCode; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AcquisitionError)) throw new Error(`expected an AcquisitionError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe(FileSource.name, () => {
  let base: string;
  let root: string;
  let outside: string;
  let sut: FileSource;
  const url = (path: string) => pathToFileURL(path);
  const acquire = (path: string) => sut.acquire(url(path), { quality: '720p' });

  beforeAll(async () => {
    base = await realpath(await mkdtemp(join(tmpdir(), 'crew-file-source-')));
    root = join(base, 'root');
    outside = join(base, 'rootless');
    await mkdir(join(root, 'docs'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(root, 'notes.txt'), '\uFEFFTide tables\r\n\r\nHigh water at 06:12.\r\n');
    await writeFile(
      join(root, 'docs', 'guide.md'),
      '---\nlayout: post\n---\n# The *Harbour* Guide #\n\nRead the **tide tables** and the [charts](https://example.org/charts) first.\n\n' +
        '> Keep `snake_case` names and ~~old~~ new ![buoy](b.png) markers.\n\n## Moorings\n\n[ref]: https://example.org\n',
    );
    await writeFile(
      join(root, 'page.html'),
      '<!doctype html><html lang="en"><head><title>Harbour Log</title><meta name="author" content="R. Quay"></head>' +
        `<body><nav><a href="/">Home</a></nav><article><p>${PARAGRAPH_1}</p><p>${PARAGRAPH_2}</p></article></body></html>`,
    );
    await writeFile(
      join(root, 'talk.srt'),
      '1\n00:00:01,000 --> 00:00:02,500\nAhoy.\n\n2\n00:00:02,500 --> 00:00:04,000\nAll hands on deck.\n',
    );
    await writeFile(
      join(root, 'broken.srt'),
      '1\n00:00:01,000 --> 00:00:02,500\nAhoy.\n\n2\n00:00:02;500 --> 00:00:04,000\nOops.\n',
    );
    await writeFile(join(root, 'data.csv'), 'a,b\n1,2\n');
    await writeFile(join(root, 'big.txt'), 'x'.repeat(2048));
    await writeFile(join(outside, 'secret.txt'), 'not for you');
    await symlink(join(outside, 'secret.txt'), join(root, 'escape.txt'));
    await symlink(join(root, 'notes.txt'), join(root, 'alias.txt'));
    sut = new FileSource({ roots: [root], maxBytes: 1024 });
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  describe('canHandle', () => {
    it('takes file: URLs only', () => {
      expect(sut.canHandle(new URL('file:///tmp/a.txt'))).toBe(true);
      expect(sut.canHandle(new URL('https://example.org/a.txt'))).toBe(false);
    });
  });

  describe('acquire', () => {
    it('reads plain text as authored text titled by the file name', async () => {
      const content = await acquire(join(root, 'notes.txt'));
      expect(content).toEqual({
        download: {
          url: url(join(root, 'notes.txt')).href,
          title: 'notes',
          platform: 'file',
          duration: null,
          author: null,
          site: null,
          publishedAt: null,
          contentType: 'text/plain',
          source: 'file',
        },
        transcription: {
          transcript: 'Tide tables\n\nHigh water at 06:12.',
          timelineAnchors: [],
          qualityScore: 1,
          origin: 'text',
        },
      });
    });

    it('reduces Markdown to plain text, titled by its first heading', async () => {
      const content = await acquire(join(root, 'docs', 'guide.md'));
      expect(content.download.title).toBe('The Harbour Guide');
      expect(content.download.contentType).toBe('text/markdown');
      expect(content.transcription.transcript).toBe(
        'The Harbour Guide\n\nRead the tide tables and the charts first.\n\nKeep snake_case names and old new buoy markers.\n\nMoorings',
      );
    });

    it('extracts the main text and metadata of HTML', async () => {
      const content = await acquire(join(root, 'page.html'));
      expect(content.download).toMatchObject({
        title: 'Harbour Log',
        author: 'R. Quay',
        contentType: 'text/html',
        source: 'file',
        platform: 'file',
      });
      expect(content.transcription).toEqual({
        transcript: `${PARAGRAPH_1}\n\n${PARAGRAPH_2}`,
        timelineAnchors: [],
        qualityScore: 1,
        origin: 'page',
      });
    });

    it('reads the committed WebVTT sample as subtitles with a timeline', async () => {
      const content = await new FileSource({ roots: [resolve(SAMPLE_VTT, '..')] }).acquire(url(SAMPLE_VTT), {
        quality: 'audio',
      });
      expect(content.download).toMatchObject({ title: 'sample', duration: 10.5, contentType: 'text/vtt' });
      expect(content.transcription).toEqual({
        transcript:
          'At six the keeper climbs the ninety steps. She trims the wick & polishes the lens. Out at sea, a trawler turns for home.',
        timelineAnchors: [
          { start: 0, end: 3.2, text: 'At six the keeper climbs the ninety steps.' },
          { start: 3.2, end: 7, text: 'She trims the wick & polishes the lens.' },
          { start: 7, end: 10.5, text: 'Out at sea, a trawler\nturns for home.' },
        ],
        qualityScore: 1,
        origin: 'subtitles',
      });
    });

    it('reads SRT with the last cue end as the duration', async () => {
      const content = await acquire(join(root, 'talk.srt'));
      expect(content.download).toMatchObject({ duration: 4, contentType: 'application/x-subrip' });
      expect(content.transcription.transcript).toBe('Ahoy. All hands on deck.');
    });

    it('follows a symlink that stays inside the root', async () => {
      expect((await acquire(join(root, 'alias.txt'))).transcription.transcript).toBe(
        'Tide tables\n\nHigh water at 06:12.',
      );
    });

    it('names the line of a malformed subtitle timestamp', async () => {
      expect(await failure(acquire(join(root, 'broken.srt')))).toEqual({
        code: 'failed',
        message: `${join(root, 'broken.srt')}: line 6: malformed timestamp "00:00:02;500" (expected hh:mm:ss.mmm or hh:mm:ss,mmm)`,
      });
    });

    it('refuses a path outside the roots', async () => {
      expect(await failure(acquire(join(outside, 'secret.txt')))).toEqual({
        code: 'not_allowed',
        message: `${join(outside, 'secret.txt')} is outside the allowed file roots`,
      });
    });

    it('refuses a path that leaves the root through ..', async () => {
      // The URL parser already folds the dot segments; confinement holds either way.
      const sneaky = new URL(`${pathToFileURL(root).href}/docs/../../rootless/secret.txt`);
      expect((await failure(sut.acquire(sneaky, { quality: '720p' }))).code).toBe('not_allowed');
    });

    it('refuses a symlink inside the root that points outside it', async () => {
      expect(await failure(acquire(join(root, 'escape.txt')))).toEqual({
        code: 'not_allowed',
        message: `${join(root, 'escape.txt')} is outside the allowed file roots`,
      });
    });

    it('does not treat a sibling directory sharing the root as a prefix as inside', async () => {
      const prefixed = new FileSource({ roots: [join(base, 'root')] });
      await writeFile(join(base, 'rootkit.txt'), 'sibling');
      expect((await failure(prefixed.acquire(url(join(base, 'rootkit.txt')), { quality: '720p' }))).code).toBe(
        'not_allowed',
      );
    });

    it('refuses every path when no roots are configured', async () => {
      expect(await failure(new FileSource().acquire(url(join(root, 'notes.txt')), { quality: '720p' }))).toEqual({
        code: 'not_allowed',
        message: `reading local files is not allowed (no file roots configured): ${join(root, 'notes.txt')}`,
      });
    });

    it('reads anywhere with roots "any"', async () => {
      const content = await new FileSource({ roots: 'any' }).acquire(url(join(outside, 'secret.txt')), {
        quality: '720p',
      });
      expect(content.transcription.transcript).toBe('not for you');
    });

    it('reports a missing file inside the root as not found', async () => {
      expect(await failure(acquire(join(root, 'gone.txt')))).toEqual({
        code: 'not_found',
        message: `no such file: ${join(root, 'gone.txt')}`,
      });
    });

    it('refuses a file over the size limit', async () => {
      expect(await failure(acquire(join(root, 'big.txt')))).toEqual({
        code: 'too_large',
        message: `${join(root, 'big.txt')} is 2048 bytes, over the 1024-byte limit`,
      });
    });

    it('refuses an unsupported extension', async () => {
      expect(await failure(acquire(join(root, 'data.csv')))).toEqual({
        code: 'unsupported_type',
        message: `${join(root, 'data.csv')} is not a supported file type (.txt, .md, .html, .htm, .vtt, .srt)`,
      });
    });

    it('refuses URLs of other schemes', async () => {
      expect((await failure(sut.acquire(new URL('https://example.org/a.txt'), { quality: '720p' }))).code).toBe(
        'unsupported_scheme',
      );
    });
  });

  describe(toFileUrl.name, () => {
    it('turns a relative path into a file: URL under the working directory and leaves URLs alone', () => {
      expect(toFileUrl('notes/a b.vtt').href).toBe(pathToFileURL(join(process.cwd(), 'notes/a b.vtt')).href);
      expect(toFileUrl('/tmp/x.txt').href).toBe('file:///tmp/x.txt');
      expect(toFileUrl('file:///tmp/x.txt').href).toBe('file:///tmp/x.txt');
      expect(toFileUrl('https://example.org/').href).toBe('https://example.org/');
    });
  });

  describe(markdownToText.name, () => {
    it('takes a setext heading as the title and keeps link text', () => {
      expect(markdownToText('Field Notes\n===========\n\nSee [the map][m] and <https://example.org>.\n')).toEqual({
        title: 'Field Notes',
        text: 'Field Notes\n\nSee the map and https://example.org.',
      });
    });

    it('drops code listings and tables, and reads each list item as a sentence of its own', () => {
      const markdown =
        '# Setup\n\nInstall it first.\n\n- run the installer\n- check the log\n  for errors\n1. done: ok\n\n' +
        '```sh\nnpm ci\n```\n\n| key | default |\n|---|---|\n| a | 1 |\n\nKeep `__pycache__` out of **git**.\n';
      expect(markdownToText(markdown)).toEqual({
        title: 'Setup',
        text:
          'Setup\n\nInstall it first.\n\nrun the installer.\n\ncheck the log for errors.\n\ndone: ok.\n\n' +
          'Keep __pycache__ out of git.',
      });
    });
  });
});
