import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNever } from '../../../core/result/step-result';
import { AcquisitionError, type TimelineAnchor } from '../content.types';
import { outputTail, runProcess } from './process-runner';
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
      const convert = [
        '-nostdin',
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-i',
        mediaPath,
        '-vn',
        '-ac',
        '1',
        '-ar',
        '16000',
        '-c:a',
        'pcm_s16le',
        wav,
      ];
      await this.run(this.ffmpeg, convert, deadline, signal, `could not convert ${mediaPath} to WAV`);
      const out = join(dir, 'transcript');
      const language = this.options.language ? ['-l', this.options.language] : [];
      await this.run(
        this.binary,
        ['-m', this.options.model, '-f', wav, '-ovtt', '-of', out, ...language],
        deadline,
        signal,
        `could not transcribe ${mediaPath}`,
      );
      const vtt = await readFile(`${out}.vtt`, 'utf8').catch(() => {
        throw new AcquisitionError('failed', `${this.binary} wrote no ${out}.vtt for ${mediaPath}`);
      });
      return toSpeechTranscript(vtt, this.binary);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async run(
    command: string,
    args: string[],
    deadline: number,
    signal: AbortSignal | undefined,
    what: string,
  ): Promise<void> {
    const outcome = await runProcess(command, args, { timeoutMs: Math.max(1, deadline - Date.now()), signal });
    switch (outcome.status) {
      case 'exited':
        if (outcome.code === 0) return;
        throw new AcquisitionError(
          'failed',
          `${command} ${what} (exit ${outcome.code}): ${outputTail(outcome.stderr) || 'no output'}`,
        );
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
    if (isSubtitleParseError(error))
      throw new AcquisitionError('failed', `${binary} wrote unreadable WebVTT: ${error.message}`);
    throw error;
  }
}
