import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { AcquisitionError, type TimelineAnchor } from '../content.types';
import type { SpeechTranscript, Transcriber } from './transcriber';

/** Options of {@link HttpTranscriber}. */
export interface HttpTranscriberOptions {
  /** The server's API root, e.g. `http://127.0.0.1:8080/v1`; `/audio/transcriptions` is appended. */
  readonly baseUrl: string;
  /** The model field of the request. */
  readonly model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly apiKey?: string;
  /** Spoken language (ISO 639-1, e.g. `en`); the server detects it when omitted. */
  readonly language?: string;
  /** Budget for the upload and the recognition. Default 20 minutes. */
  readonly timeoutMs?: number;
}

/** Longest server text quoted in an error. */
const QUOTED = 300;

/**
 * {@link Transcriber} over an OpenAI-compatible `POST /audio/transcriptions` endpoint (OpenAI, a local
 * whisper.cpp or faster-whisper server, …): the media file is uploaded as multipart form data with
 * `response_format=verbose_json`, and the answer's `segments` (`start`, `end` in seconds, `text`) become the
 * timeline; a server that answers without segments gives one anchor over the whole `text`. The answer is checked
 * field by field: a malformed one is an acquisition error naming the field, never a crash or an empty transcript.
 *
 * @example new HttpTranscriber({ baseUrl: 'http://127.0.0.1:8080/v1', model: 'whisper-1' })
 */
export class HttpTranscriber implements Transcriber {
  readonly name = 'openai-compatible transcription';
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpTranscriberOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
    this.timeoutMs = options.timeoutMs ?? 20 * 60_000;
  }

  async transcribe(mediaPath: string, signal?: AbortSignal): Promise<SpeechTranscript> {
    const form = new FormData();
    form.set('file', await openAsBlob(mediaPath), basename(mediaPath));
    form.set('model', this.options.model);
    form.set('response_format', 'verbose_json');
    if (this.options.language) form.set('language', this.options.language);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        body: form,
        headers: this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {},
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted)
        throw new AcquisitionError('timeout', `${this.endpoint}: no answer within ${this.timeoutMs} ms`, true);
      throw new AcquisitionError('failed', `${this.endpoint} could not be reached: ${(error as Error).message}`, true);
    }
    const body = await response.text();
    if (!response.ok)
      throw new AcquisitionError(
        'failed',
        `${this.endpoint} answered ${response.status}: ${body.slice(0, QUOTED) || 'no body'}`,
        response.status === 429 || response.status >= 500,
      );
    return toSpeechTranscript(body, this.endpoint);
  }
}

/** The transcript and timeline of a `verbose_json` answer; an answer that is not one names what is wrong. */
export function toSpeechTranscript(body: string, endpoint: string): SpeechTranscript {
  const bad = (what: string) => new AcquisitionError('failed', `${endpoint} answered ${what}`);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw bad(`something that is not JSON: ${body.slice(0, QUOTED)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('JSON that is not an object');
  const { text, segments } = json as { text?: unknown; segments?: unknown };
  if (typeof text !== 'string') throw bad('without a `text` string');
  if (segments === undefined || segments === null) {
    const whole = text.trim();
    return { transcript: whole, anchors: whole ? [{ start: 0, end: 0, text: whole }] : [] };
  }
  if (!Array.isArray(segments)) throw bad('`segments` that is not a list');
  const anchors: TimelineAnchor[] = [];
  segments.forEach((s: unknown, i) => {
    const seg = (typeof s === 'object' && s !== null ? s : {}) as { start?: unknown; end?: unknown; text?: unknown };
    const { start, end } = seg;
    if (typeof start !== 'number' || !Number.isFinite(start) || start < 0)
      throw bad(`\`segments[${i}].start\` that is not a number of seconds`);
    if (typeof end !== 'number' || !Number.isFinite(end) || end < start)
      throw bad(`\`segments[${i}].end\` that is not a number of seconds from its start`);
    if (typeof seg.text !== 'string') throw bad(`\`segments[${i}].text\` that is not a string`);
    const words = seg.text.trim();
    if (words) anchors.push({ start, end, text: words });
  });
  return { transcript: anchors.length > 0 ? anchors.map((a) => a.text).join(' ') : text.trim(), anchors };
}
