import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNever } from '../../../core/result/step-result';
import {
  AcquisitionError,
  type AcquireOptions,
  type AcquiredContent,
  type ContentSource,
  type Quality,
  type TimelineAnchor,
  type Transcription,
} from '../content.types';
import { detectPlatform } from './platform';
import { anchorsToTranscript, mergeRollingAnchors, parseSubtitles } from './subtitles';
import { outputTail, runProcess, type ProcessOutcome } from './process-runner';
import type { Transcriber } from './transcriber';

/** The hosts (and their subdomains) {@link YtDlpSource} takes by default: the video platforms. */
export const YTDLP_DEFAULT_HOSTS: readonly string[] = [
  'youtube.com',
  'youtu.be',
  'twitch.tv',
  'tiktok.com',
  'x.com',
  'twitter.com',
  'reddit.com',
];

/** yt-dlp format selectors for the acquisition ladder's rungs. */
export const YTDLP_FORMATS: Readonly<Record<Quality, string>> = {
  '1080p': 'bv*[height<=1080]+ba/b[height<=1080]/b',
  '720p': 'bv*[height<=720]+ba/b[height<=720]/b',
  '480p': 'bv*[height<=480]+ba/b[height<=480]/b',
  audio: 'ba/b',
  worst: 'worst',
};

/** Options of {@link YtDlpSource}. */
export interface YtDlpSourceOptions {
  /** The yt-dlp executable. Default `yt-dlp` (found on PATH). */
  readonly binary?: string;
  /** Hosts taken, each with its subdomains. Default {@link YTDLP_DEFAULT_HOSTS}. */
  readonly hosts?: readonly string[];
  /** Budget for the yt-dlp runs of one acquisition (not the transcriber's). Default 120 000 ms. */
  readonly timeoutMs?: number;
  /** Speech recognition for media without subtitles or captions. Default none. */
  readonly transcriber?: Transcriber;
  /** Subtitle languages wanted, most preferred first. Default `en`, `en-US`, `en-GB`, `en-orig`. */
  readonly subtitleLanguages?: readonly string[];
  /** Passed as `--proxy`; `''` forces direct connections. Default yt-dlp's own (the proxy environment variables). */
  readonly proxy?: string;
  /** Where the temporary working directories are made. Default the OS temporary directory. */
  readonly workDir?: string;
  /** Largest media file downloaded for transcription (`--max-filesize`). Default 500 MiB. */
  readonly maxMediaBytes?: number;
}

/** The fields of yt-dlp's `.info.json` read here. */
interface InfoJson {
  readonly title?: string | null;
  readonly duration?: number | null;
  readonly uploader?: string | null;
  readonly channel?: string | null;
  readonly creator?: string | null;
  readonly upload_date?: string | null;
  readonly webpage_url?: string | null;
  readonly subtitles?: Record<string, unknown> | null;
  /** The extension of the format yt-dlp would download (`mp4`, `webm`, `m4a`, …). */
  readonly ext?: string | null;
}

/** Media without subtitles or captions when no transcriber is configured. */
const NO_TRANSCRIPT: Transcription = { transcript: '', timelineAnchors: [], qualityScore: 0, origin: 'none' };
const SUBTITLE_FILE = /^media\.(.+)\.(vtt|srt)$/;
const SIDE_FILE = /\.(info\.json|vtt|srt|part|ytdl|temp)$/;
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  m4a: 'audio/mp4',
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  aac: 'audio/aac',
  mov: 'video/quicktime',
};

/**
 * {@link ContentSource} over the yt-dlp binary (never through a shell). It first asks for metadata and subtitles
 * only (`--skip-download`); manual subtitles win over automatic captions, and the preferred language over the
 * others. Only when there are none, and a {@link Transcriber} is configured, does it download the media in the
 * quality rung's format and transcribe it. Each acquisition works in a fresh temporary directory, removed after.
 */
export class YtDlpSource implements ContentSource {
  readonly name = 'yt-dlp' as const;
  private readonly binary: string;
  private readonly hosts: readonly string[];
  private readonly timeoutMs: number;
  private readonly languages: readonly string[];
  private readonly maxMediaBytes: number;

  constructor(private readonly options: YtDlpSourceOptions = {}) {
    this.binary = options.binary ?? 'yt-dlp';
    this.hosts = (options.hosts ?? YTDLP_DEFAULT_HOSTS).map((h) => h.toLowerCase());
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.languages = options.subtitleLanguages ?? ['en', 'en-US', 'en-GB', 'en-orig'];
    this.maxMediaBytes = options.maxMediaBytes ?? 500 * 1024 * 1024;
  }

  /** Whether `binary --version` runs and succeeds (within 10 s). */
  static async available(binary = 'yt-dlp'): Promise<boolean> {
    const outcome = await runProcess(binary, ['--version'], { timeoutMs: 10_000 });
    return outcome.status === 'exited' && outcome.code === 0;
  }

  canHandle(url: URL): boolean {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const host = url.hostname.toLowerCase().replace(/\.$/, '');
    return this.hosts.some((h) => host === h || host.endsWith(`.${h}`));
  }

  async acquire(url: URL, options: AcquireOptions): Promise<AcquiredContent> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new AcquisitionError('unsupported_scheme', `yt-dlp takes http(s) URLs only, not ${url.href}`);
    if (!this.canHandle(url))
      throw new AcquisitionError(
        'not_allowed',
        `${url.hostname} is not among the hosts yt-dlp may fetch (${url.href})`,
      );
    const deadline = Date.now() + this.timeoutMs;
    const dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), 'crew-ytdlp-'));
    try {
      const output = ['-o', join(dir, 'media.%(ext)s')];
      const subs = [
        '--write-subs',
        '--write-auto-subs',
        '--sub-format',
        'vtt/srt',
        '--sub-langs',
        this.languages.join(','),
      ];
      const probe = [
        '--skip-download',
        '--write-info-json',
        '--no-write-playlist-metafiles',
        '--no-playlist',
        '--playlist-items',
        '1',
        ...subs,
      ];
      await this.run([...probe, ...output, '--', url.href], url, deadline, options.signal);
      const info = await readInfo(join(dir, 'media.info.json'), url);
      const files = await readdir(dir);
      const base = (transcription: Transcription, contentType: string, anchors: readonly TimelineAnchor[]) =>
        toContent(url, info, transcription, contentType, anchors);
      const subtitles = await this.pickSubtitles(dir, files, info);
      if (subtitles) return base(subtitles.transcription, subtitles.contentType, subtitles.anchors);
      const transcriber = this.options.transcriber;
      // Without subtitles and a transcriber there is no text: the media's metadata is still worth a report that
      // says so, so the acquisition succeeds with an empty transcript of origin `none`.
      if (!transcriber) return base(NO_TRANSCRIPT, MEDIA_TYPES[info.ext ?? ''] ?? 'application/octet-stream', []);
      const media = await this.download(dir, url, options.quality, deadline, options.signal);
      const speech = await transcriber.transcribe(media.path, options.signal).catch((error: unknown) => {
        if (error instanceof AcquisitionError || options.signal?.aborted) throw error;
        throw new AcquisitionError(
          'failed',
          `transcriber ${transcriber.name} failed on ${url.href}: ${(error as Error).message}`,
        );
      });
      const transcription: Transcription = {
        transcript: speech.transcript,
        timelineAnchors: speech.anchors,
        qualityScore: 0.6,
        origin: 'speech',
      };
      return base(transcription, media.contentType, speech.anchors);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The best readable subtitles: manual before automatic, then by the configured language order. */
  private async pickSubtitles(dir: string, files: readonly string[], info: InfoJson) {
    const manual = new Set(Object.keys(info.subtitles ?? {}));
    const rank = (lang: string) =>
      (manual.has(lang) ? 0 : 1000) + (this.languages.includes(lang) ? this.languages.indexOf(lang) : 999);
    const candidates = files
      .map((f) => SUBTITLE_FILE.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => rank(a[1]) - rank(b[1]));
    for (const [file, lang, ext] of candidates) {
      let anchors: TimelineAnchor[];
      try {
        anchors = parseSubtitles(await readFile(join(dir, file), 'utf8'), ext as 'vtt' | 'srt');
      } catch {
        continue; // An unreadable track is skipped in favour of the next one.
      }
      if (anchors.length === 0) continue;
      const authored = manual.has(lang);
      const transcription: Transcription = {
        transcript: anchorsToTranscript(anchors),
        timelineAnchors: mergeRollingAnchors(anchors),
        qualityScore: authored ? 1 : 0.8,
        origin: authored ? 'subtitles' : 'captions',
      };
      return { transcription, anchors, contentType: ext === 'vtt' ? 'text/vtt' : 'application/x-subrip' };
    }
    return null;
  }

  /** Downloads the media with the format of the quality rung, reusing the metadata already fetched. */
  private async download(dir: string, url: URL, quality: Quality, deadline: number, signal?: AbortSignal) {
    const args = [
      '--load-info-json',
      join(dir, 'media.info.json'),
      '-f',
      YTDLP_FORMATS[quality],
      '--max-filesize',
      String(this.maxMediaBytes),
    ];
    const outcome = await this.run([...args, '-o', join(dir, 'media.%(ext)s')], url, deadline, signal);
    const file = (await readdir(dir)).find((f) => f.startsWith('media.') && !SIDE_FILE.test(f));
    if (!file) {
      // yt-dlp skips a file over --max-filesize with a message and exit code 0.
      if (/larger than max-filesize/.test(outcome.stdout)) {
        throw new AcquisitionError(
          'too_large',
          `the media of ${url.href} is larger than ${this.maxMediaBytes} bytes (format ${YTDLP_FORMATS[quality]})`,
        );
      }
      throw new AcquisitionError(
        'failed',
        `yt-dlp downloaded no media for ${url.href}: ${outputTail(outcome.stderr || outcome.stdout) || 'no output'}`,
      );
    }
    const { size } = await stat(join(dir, file));
    if (size === 0) throw new AcquisitionError('failed', `yt-dlp downloaded an empty file for ${url.href}`);
    // --max-filesize bounds each downloaded part; video and audio merged into one file can still exceed it.
    if (size > this.maxMediaBytes)
      throw new AcquisitionError('too_large', `the media of ${url.href} is ${size} bytes, over ${this.maxMediaBytes}`);
    const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
    return { path: join(dir, file), contentType: MEDIA_TYPES[ext] ?? 'application/octet-stream' };
  }

  private async run(args: readonly string[], url: URL, deadline: number, signal?: AbortSignal) {
    const proxy = this.options.proxy === undefined ? [] : ['--proxy', this.options.proxy];
    const common = ['--ignore-config', '--no-progress', '--socket-timeout', '30', ...proxy];
    const outcome: ProcessOutcome = await runProcess(this.binary, [...common, ...args], {
      timeoutMs: Math.max(1, deadline - Date.now()),
      signal,
    });
    switch (outcome.status) {
      case 'exited':
        if (outcome.code === 0) return outcome;
        throw ytDlpFailure(outcome.stderr, url);
      case 'timeout':
        throw new AcquisitionError('timeout', `yt-dlp timed out after ${this.timeoutMs} ms on ${url.href}`, true);
      case 'not_started':
        throw new AcquisitionError('failed', `yt-dlp binary ${this.binary} could not be started: ${outcome.message}`);
      default:
        return assertNever(outcome);
    }
  }
}

/** Maps yt-dlp's last error line to an {@link AcquisitionError}; timeouts, 5xx and connection failures are retryable. */
export function ytDlpFailure(stderr: string, url: URL): AcquisitionError {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const raw = [...lines].reverse().find((l) => l.startsWith('ERROR:')) ?? lines[lines.length - 1] ?? 'no output';
  // Drop yt-dlp's advice to report a bug, which says nothing about this URL.
  const line = raw.replace(/^ERROR:\s*/, '').replace(/;\s*please report this issue.*$/i, '');
  const message = `yt-dlp failed for ${url.href}: ${line}`;
  if (/HTTP Error 404|HTTP Error 410/.test(line)) return new AcquisitionError('not_found', message);
  if (/Unsupported URL/i.test(line)) return new AcquisitionError('unsupported_type', message);
  if (/timed out/i.test(line)) return new AcquisitionError('timeout', message, true);
  if (/HTTP Error 5\d\d/.test(line)) return new AcquisitionError('http_error', message, true);
  if (/HTTP Error 4\d\d/.test(line)) return new AcquisitionError('http_error', message);
  if (/Video unavailable|Private video|This video is unavailable|has been removed/i.test(line))
    return new AcquisitionError('unavailable', message);
  if (
    /Connection refused|Connection reset|Name or service not known|Temporary failure in name resolution/i.test(line)
  ) {
    return new AcquisitionError('failed', message, true);
  }
  return new AcquisitionError('failed', message);
}

async function readInfo(path: string, url: URL): Promise<InfoJson> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as InfoJson;
  } catch (error) {
    throw new AcquisitionError(
      'failed',
      `yt-dlp wrote no readable metadata for ${url.href}: ${(error as Error).message}`,
    );
  }
}

function toContent(
  url: URL,
  info: InfoJson,
  transcription: Transcription,
  contentType: string,
  anchors: readonly TimelineAnchor[],
): AcquiredContent {
  const page = URL.canParse(info.webpage_url ?? '') ? new URL(info.webpage_url as string) : url;
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(info.upload_date ?? '');
  const lastEnd = anchors.length > 0 ? anchors[anchors.length - 1].end : null;
  return {
    download: {
      url: page.href,
      title: info.title ?? null,
      platform: detectPlatform(page),
      duration: typeof info.duration === 'number' ? info.duration : lastEnd,
      author: info.uploader ?? info.channel ?? info.creator ?? null,
      site: page.hostname.replace(/^www\./, ''),
      publishedAt: date ? `${date[1]}-${date[2]}-${date[3]}` : null,
      contentType,
      source: 'yt-dlp',
    },
    transcription,
  };
}
