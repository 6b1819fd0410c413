import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcquisitionError } from '../content.types';
import type { SpeechTranscript, Transcriber } from './transcriber';
import { YtDlpSource, ytDlpFailure } from './ytdlp-source';

const SUBS_EN =
  'WEBVTT\n\n00:00:00.000 --> 00:00:00.500\nA bell rings <i>twice</i>.\n\n00:00:00.500 --> 00:00:01.000\nThe ferry leaves.\n';
const SUBS_EN_GB = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nThe wrong track.\n';
const VIDEO_PAGE =
  '<!doctype html><html><head><title>Harbour Cam</title></head><body><video controls src="/clip.mp4">' +
  '<track kind="subtitles" srclang="de" src="/subs-de.vtt"><track kind="captions" srclang="en-GB" src="/subs-en-gb.vtt">' +
  '<track kind="subtitles" srclang="en" src="/subs.vtt"></video></body></html>';
const PLAIN_PAGE =
  '<!doctype html><html><head><title>Words only</title></head><body><p>No media here.</p></body></html>';
const LAST_MODIFIED = 'Wed, 01 Oct 2025 08:00:00 GMT';

/**
 * A stand-in yt-dlp for what the generic extractor cannot produce (automatic captions next to manual subtitles):
 * it records its arguments and writes what yt-dlp writes for a YouTube video. It exercises this adapter's reading
 * of yt-dlp's output, not yt-dlp.
 */
const standIn = (argsFile: string) => `#!${process.execPath}
const fs = require('node:fs'), path = require('node:path');
const args = process.argv.slice(2);
fs.writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(args));
const dir = path.dirname(args[args.indexOf('-o') + 1]);
const manual = args[args.length - 1].endsWith('v=manual');
const vtt = (lines) => 'WEBVTT\\nKind: captions\\n\\n' + lines.join('\\n\\n') + '\\n';
fs.writeFileSync(path.join(dir, 'media.info.json'), JSON.stringify({ title: 'Tide Report', duration: 12.5, uploader: 'Harbour Office',
  upload_date: '20240315', webpage_url: args[args.length - 1], subtitles: manual ? { 'en-GB': [] } : {}, automatic_captions: { en: [] } }));
fs.writeFileSync(path.join(dir, 'media.en.vtt'), vtt(['00:00:00.000 --> 00:00:02.000\\nhigh tide at six', '00:00:02.000 --> 00:00:04.000\\nhigh tide at six\\nlow tide at noon']));
if (manual) fs.writeFileSync(path.join(dir, 'media.en-GB.vtt'), vtt(['00:00:00.000 --> 00:00:04.000\\nHigh tide at six; low tide at noon.']));
`;

/** Checks the media it is given and answers with fixed text: the test double for speech recognition. */
class FixedTranscriber implements Transcriber {
  readonly name = 'fixed';
  readonly seen: { size: number; brand: string }[] = [];

  async transcribe(mediaPath: string): Promise<SpeechTranscript> {
    const info = await stat(mediaPath);
    if (!info.isFile() || info.size === 0) throw new Error(`expected a non-empty media file at ${mediaPath}`);
    this.seen.push({ size: info.size, brand: (await readFile(mediaPath)).toString('latin1', 4, 8) });
    return {
      transcript: 'A steady tone over a blue square.',
      anchors: [{ start: 0, end: 1, text: 'A steady tone over a blue square.' }],
    };
  }
}

async function failure(promise: Promise<unknown>): Promise<AcquisitionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AcquisitionError)) throw new Error(`expected an AcquisitionError, got ${String(error)}`);
  return error;
}

/**
 * Runs the real yt-dlp (and ffmpeg, to make the media) against a server on 127.0.0.1; nothing else is contacted
 * (`proxy: ''` keeps a proxy set in the environment out of it).
 */
describe(YtDlpSource.name, () => {
  let dir: string, work: string, origin: string;
  let server: Server;
  let media: Buffer;
  const pending = new Set<() => void>();
  const page = (path: string) => new URL(path, origin);
  const source = (options: Partial<ConstructorParameters<typeof YtDlpSource>[0]> = {}) =>
    new YtDlpSource({ hosts: ['127.0.0.1'], workDir: work, proxy: '', ...options });

  beforeAll(async () => {
    if (!(await YtDlpSource.available('yt-dlp')))
      throw new Error('this spec needs the yt-dlp binary on PATH (apt-get install yt-dlp)');
    dir = await mkdtemp(join(tmpdir(), 'crew-ytdlp-spec-'));
    work = join(dir, 'work');
    await mkdir(work);
    const clip = join(dir, 'clip.mp4');
    try {
      execFileSync('ffmpeg', [
        '-nostdin',
        '-loglevel',
        'error',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:duration=1',
        '-f',
        'lavfi',
        '-i',
        'color=c=blue:s=64x64:d=1:r=10',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-b:a',
        '32k',
        '-shortest',
        clip,
      ]);
    } catch (error) {
      throw new Error(`this spec needs ffmpeg on PATH (apt-get install ffmpeg): ${(error as Error).message}`, {
        cause: error,
      });
    }
    media = await readFile(clip);
    // Three tracks: German is not asked for, and English wins over British English by the configured order.
    const routes: Record<string, [string, string | Buffer]> = {
      '/video.html': ['text/html; charset=utf-8', VIDEO_PAGE],
      '/plain.html': ['text/html; charset=utf-8', PLAIN_PAGE],
      '/subs.vtt': ['text/vtt', SUBS_EN],
      '/subs-en-gb.vtt': ['text/vtt', SUBS_EN_GB],
      '/subs-de.vtt': ['text/vtt', 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nEine Glocke.\n'],
      '/clip.mp4': ['video/mp4', media],
    };
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      // Never answers, until the spec ends: for the timeout and abort tests.
      if (path === '/slow.html') return void pending.add(() => res.destroy());
      const route = routes[path];
      if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      res
        .writeHead(200, {
          'content-type': route[0],
          'content-length': Buffer.byteLength(route[1]),
          'last-modified': LAST_MODIFIED,
        })
        .end(route[1]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const release of pending) release();
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => expect(await readdir(work)).toEqual([]));

  describe('available', () => {
    it('answers whether the binary runs', async () => {
      expect(await YtDlpSource.available('yt-dlp')).toBe(true);
      expect(await YtDlpSource.available(join(tmpdir(), 'no-such-yt-dlp'))).toBe(false);
    });
  });

  describe('canHandle', () => {
    it('takes the platform hosts and their subdomains by default', () => {
      const sut = new YtDlpSource();
      expect(
        [
          'https://www.youtube.com/watch?v=a',
          'https://youtu.be/a',
          'https://m.twitch.tv/v',
          'https://x.com/a/status/1',
          'https://old.reddit.com/r/a',
        ].map((u) => sut.canHandle(new URL(u))),
      ).toEqual([true, true, true, true, true]);
      expect(
        ['https://notyoutube.com/watch', 'https://example.org/', 'file:///tmp/a.mp4'].map((u) =>
          sut.canHandle(new URL(u)),
        ),
      ).toEqual([false, false, false]);
    });
  });

  describe('acquire', () => {
    // yt-dlp's generic extractor numbers the page's HTML5 media entries, hence the " (1)" in the title.
    it('reads the page’s <track> subtitles, preferring the first configured language', async () => {
      const content = await source().acquire(page('/video.html'), { quality: '720p' });
      expect(content).toEqual({
        download: {
          url: page('/video.html').href,
          title: 'Harbour Cam (1)',
          platform: 'web',
          duration: 1,
          author: null,
          site: '127.0.0.1',
          publishedAt: '2025-10-01',
          contentType: 'text/vtt',
          source: 'yt-dlp',
        },
        transcription: {
          transcript: 'A bell rings twice. The ferry leaves.',
          timelineAnchors: [
            { start: 0, end: 0.5, text: 'A bell rings twice.' },
            { start: 0.5, end: 1, text: 'The ferry leaves.' },
          ],
          qualityScore: 1,
          origin: 'subtitles',
        },
      });
    });

    it('downloads the media and transcribes it when there are no subtitles', async () => {
      const transcriber = new FixedTranscriber();
      const content = await source({ transcriber }).acquire(page('/clip.mp4'), { quality: '720p' });
      expect(transcriber.seen).toEqual([{ size: media.length, brand: 'ftyp' }]);
      expect(content.download).toMatchObject({
        url: page('/clip.mp4').href,
        title: 'clip',
        duration: 1,
        contentType: 'video/mp4',
        source: 'yt-dlp',
      });
      expect(content.transcription).toEqual({
        transcript: 'A steady tone over a blue square.',
        timelineAnchors: [{ start: 0, end: 1, text: 'A steady tone over a blue square.' }],
        qualityScore: 0.6,
        origin: 'speech',
      });
    });

    it('without subtitles and a transcriber, gives the media’s metadata and an empty transcript of origin none', async () => {
      const content = await source().acquire(page('/clip.mp4'), { quality: 'audio' });
      expect(content.download).toMatchObject({ url: page('/clip.mp4').href, title: 'clip', source: 'yt-dlp' });
      expect(content.transcription).toEqual({ transcript: '', timelineAnchors: [], qualityScore: 0, origin: 'none' });
    });

    it('refuses media over maxMediaBytes', async () => {
      const error = await failure(
        source({ transcriber: new FixedTranscriber(), maxMediaBytes: 1000 }).acquire(page('/clip.mp4'), {
          quality: 'worst',
        }),
      );
      expect([error.code, error.message]).toEqual([
        'too_large',
        `the media of ${page('/clip.mp4').href} is larger than 1000 bytes (format worst)`,
      ]);
    });

    it('maps an HTTP 404 to not_found', async () => {
      const error = await failure(source().acquire(page('/missing.html'), { quality: '720p' }));
      expect(error.code).toBe('not_found');
      expect(error.message).toMatch(new RegExp(`^yt-dlp failed for ${page('/missing.html').href}: .*HTTP Error 404`));
    });

    it('maps a page without media to unsupported_type', async () => {
      const error = await failure(source().acquire(page('/plain.html'), { quality: '720p' }));
      expect([error.code, error.message]).toEqual([
        'unsupported_type',
        `yt-dlp failed for ${page('/plain.html').href}: Unsupported URL: ${page('/plain.html').href}`,
      ]);
    });

    it('refuses hosts it was not given without running yt-dlp', async () => {
      const error = await failure(
        source({ binary: join(tmpdir(), 'no-such-yt-dlp') }).acquire(new URL('http://localhost/a'), {
          quality: '720p',
        }),
      );
      expect([error.code, error.message]).toEqual([
        'not_allowed',
        'localhost is not among the hosts yt-dlp may fetch (http://localhost/a)',
      ]);
    });

    it('kills yt-dlp at the timeout, retryable', async () => {
      const error = await failure(source({ timeoutMs: 1500 }).acquire(page('/slow.html'), { quality: '720p' }));
      expect([error.code, error.retryable, error.message]).toEqual([
        'timeout',
        true,
        `yt-dlp timed out after 1500 ms on ${page('/slow.html').href}`,
      ]);
    });

    it('kills yt-dlp when the signal aborts, rejecting with its reason', async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('caller gave up')), 1000);
      await expect(
        source().acquire(page('/slow.html'), { quality: '720p', signal: controller.signal }),
      ).rejects.toThrow('caller gave up');
    });
  });

  describe('with a stand-in binary', () => {
    const argsFile = () => join(dir, 'args.json');
    let sut: YtDlpSource;
    beforeAll(async () => {
      const binary = join(dir, 'yt-dlp-stand-in');
      await writeFile(binary, standIn(argsFile()));
      await chmod(binary, 0o755);
      sut = new YtDlpSource({ binary, workDir: work });
    });

    it('asks for metadata and subtitles only, with argument arrays', async () => {
      await sut.acquire(new URL('https://www.youtube.com/watch?v=manual'), { quality: '720p' });
      const args = JSON.parse(await readFile(argsFile(), 'utf8')) as string[];
      expect(args).toEqual([
        '--ignore-config',
        '--no-progress',
        '--socket-timeout',
        '30',
        '--skip-download',
        '--write-info-json',
        '--no-write-playlist-metafiles',
        '--no-playlist',
        '--playlist-items',
        '1',
        '--write-subs',
        '--write-auto-subs',
        '--sub-format',
        'vtt/srt',
        '--sub-langs',
        'en,en-US,en-GB,en-orig',
        '-o',
        args[17],
        '--',
        'https://www.youtube.com/watch?v=manual',
      ]);
      expect(args[17]).toMatch(/\/crew-ytdlp-[^/]+\/media\.%\(ext\)s$/);
    });

    it('prefers manual subtitles over automatic captions in a preferred language', async () => {
      const content = await sut.acquire(new URL('https://www.youtube.com/watch?v=manual'), { quality: '720p' });
      expect(content.download).toEqual({
        url: 'https://www.youtube.com/watch?v=manual',
        title: 'Tide Report',
        platform: 'youtube',
        duration: 12.5,
        author: 'Harbour Office',
        site: 'youtube.com',
        publishedAt: '2024-03-15',
        contentType: 'text/vtt',
        source: 'yt-dlp',
      });
      expect(content.transcription).toMatchObject({
        transcript: 'High tide at six; low tide at noon.',
        qualityScore: 1,
        origin: 'subtitles',
      });
    });

    it('takes automatic captions, without their rolling repetition, when there are no subtitles', async () => {
      const content = await sut.acquire(new URL('https://youtu.be/auto'), { quality: '720p' });
      expect(content.transcription).toEqual({
        transcript: 'high tide at six low tide at noon',
        timelineAnchors: [
          { start: 0, end: 2, text: 'high tide at six' },
          { start: 2, end: 4, text: 'low tide at noon' },
        ],
        qualityScore: 0.8,
        origin: 'captions',
      });
    });
  });
});

describe(ytDlpFailure.name, () => {
  const url = new URL('https://www.youtube.com/watch?v=x');
  it.each([
    ['ERROR: [youtube] x: HTTP Error 503: Service Unavailable', 'http_error', true],
    ['ERROR: [youtube] x: HTTP Error 403: Forbidden', 'http_error', false],
    ['ERROR: [youtube] x: Video unavailable', 'unavailable', false],
    ['ERROR: Unable to download webpage: The read operation timed out', 'timeout', true],
    ['ERROR: Unable to download webpage: <urlopen error [Errno 111] Connection refused>', 'failed', true],
    ['WARNING: odd\nsomething else broke', 'failed', false],
  ])('maps %j to %s', (stderr, code, retryable) => {
    const error = ytDlpFailure(stderr, url);
    expect([error.code, error.retryable, error.message]).toEqual([
      code,
      retryable,
      `yt-dlp failed for ${url.href}: ${stderr
        .split('\n')
        .pop()
        ?.replace(/^ERROR: /, '')}`,
    ]);
  });
});
