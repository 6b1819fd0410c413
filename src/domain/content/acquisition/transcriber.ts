import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNever } from '../../../core/result/step-result';
import { AcquisitionError, type TimelineAnchor } from '../content.types';
import { anchorsToTranscript, isSubtitleParseError, mergeRollingAnchors, parseSubtitles } from './subtitles';

/** A transcript made from speech, with its timing. */
export interface SpeechTranscript {
  readonly transcript: string;
  readonly anchors: TimelineAnchor[];
}

/** Speech-to-text: turns a local audio or video file into a timed transcript. */
export interface Transcriber {
  /** Names the engine in results and errors. */
  readonly name: string;
  /** Rejects with an {@link AcquisitionError}, or with the signal's reason once it aborts. */
  transcribe(mediaPath: string, signal?: AbortSignal): Promise<SpeechTranscript>;
}

/** How a child process ended. Output is kept only up to its last 64 KiB. */
export type ProcessOutcome =
  | { readonly status: 'exited'; readonly code: number | null; readonly stdout: string; readonly stderr: string }
  | { readonly status: 'timeout'; readonly stdout: string; readonly stderr: string }
  | { readonly status: 'not_started'; readonly message: string };

const OUTPUT_LIMIT = 64 * 1024;

/**
 * Runs an executable with an argument array (never through a shell) in its own process group, so that on timeout
 * or abort the whole group — including children it started, such as yt-dlp's ffmpeg — is killed.
 *
 * @returns the outcome; rejects only with `signal.reason` when the signal aborts
 */
export function runProcess(command: string, args: readonly string[], options: { timeoutMs: number; signal?: AbortSignal }): Promise<ProcessOutcome> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let ending: 'timeout' | 'aborted' | null = null;
    const keep = (sofar: string, chunk: Buffer) => (sofar + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    child.stdout.on('data', (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    const kill = (why: 'timeout' | 'aborted') => {
      ending ??= why;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => kill('timeout'), timeoutMs);
    const onAbort = () => kill('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (error) => {
      settle();
      resolve({ status: 'not_started', message: error.message });
    });
    child.once('close', (code) => {
      settle();
      if (ending === 'aborted') reject(signal?.reason);
      else if (ending === 'timeout') resolve({ status: 'timeout', stdout, stderr });
      else resolve({ status: 'exited', code, stdout, stderr });
    });
  });
}

/** The last few non-empty lines of a process's output, for error messages. */
export function outputTail(output: string, lines = 3): string {
  const tail = output
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-lines)
    .join(' | ');
  return tail.length > 600 ? `…${tail.slice(-600)}` : tail;
}

/** Options of {@link WhisperCppTranscriber}. */
export interface WhisperCppOptions {
  /** The whisper.cpp CLI. Default `whisper-cli` (found on PATH). */
  readonly binary?: string;
  /** Path to a ggml model file (e.g. `ggml-base.en.bin`). Required. */
  readonly model: string;
  /** Used to convert the media to 16 kHz mono WAV. Default `ffmpeg`. */
  readonly ffmpeg?: string;
  /** Budget for conversion and recognition together. Default 20 minutes. */
  readonly timeoutMs?: number;
  /** Where the temporary working directories are made. Default the OS temporary directory. */
  readonly workDir?: string;
  /** Spoken language passed as `-l` (e.g. `en`, `auto`); whisper.cpp's own default when omitted. */
  readonly language?: string;
}

/**
 * {@link Transcriber} over the whisper.cpp command line: ffmpeg converts the media to 16 kHz mono WAV in a
 * temporary directory, then `<binary> -m <model> -f <wav> -ovtt -of <out>` writes `<out>.vtt`, which is parsed as
 * WebVTT. The directory is removed afterwards, whatever happens.
 *
 * @example new WhisperCppTranscriber({ model: '/models/ggml-base.en.bin', language: 'en' })
 */
export class WhisperCppTranscriber implements Transcriber {
  readonly name = 'whisper.cpp';
  private readonly binary: string;
  private readonly ffmpeg: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: WhisperCppOptions) {
    this.binary = options.binary ?? 'whisper-cli';
    this.ffmpeg = options.ffmpeg ?? 'ffmpeg';
    this.timeoutMs = options.timeoutMs ?? 20 * 60_000;
  }

  async transcribe(mediaPath: string, signal?: AbortSignal): Promise<SpeechTranscript> {
    const deadline = Date.now() + this.timeoutMs;
    const dir = await mkdtemp(join(this.options.workDir ?? tmpdir(), 'crew-whisper-'));
    try {
      const wav = join(dir, 'audio.wav');
      const convert = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-i', mediaPath, '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', wav];
      await this.run(this.ffmpeg, convert, deadline, signal, `could not convert ${mediaPath} to WAV`);
      const out = join(dir, 'transcript');
      const language = this.options.language ? ['-l', this.options.language] : [];
      await this.run(this.binary, ['-m', this.options.model, '-f', wav, '-ovtt', '-of', out, ...language], deadline, signal, `could not transcribe ${mediaPath}`);
      const vtt = await readFile(`${out}.vtt`, 'utf8').catch(() => {
        throw new AcquisitionError('failed', `${this.binary} wrote no ${out}.vtt for ${mediaPath}`);
      });
      return toSpeechTranscript(vtt, this.binary);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async run(command: string, args: string[], deadline: number, signal: AbortSignal | undefined, what: string): Promise<void> {
    const outcome = await runProcess(command, args, { timeoutMs: Math.max(1, deadline - Date.now()), signal });
    switch (outcome.status) {
      case 'exited':
        if (outcome.code === 0) return;
        throw new AcquisitionError('failed', `${command} ${what} (exit ${outcome.code}): ${outputTail(outcome.stderr) || 'no output'}`);
      case 'timeout':
        throw new AcquisitionError('timeout', `${command} ${what}: timed out after ${this.timeoutMs} ms`, true);
      case 'not_started':
        throw new AcquisitionError('failed', `${command} could not be started: ${outcome.message}`);
      default:
        assertNever(outcome);
    }
  }
}

function toSpeechTranscript(vtt: string, binary: string): SpeechTranscript {
  try {
    const anchors = parseSubtitles(vtt, 'vtt');
    return { transcript: anchorsToTranscript(anchors), anchors: mergeRollingAnchors(anchors) };
  } catch (error) {
    if (isSubtitleParseError(error)) throw new AcquisitionError('failed', `${binary} wrote unreadable WebVTT: ${error.message}`);
    throw error;
  }
}
