/**
 * The vocabulary of content intelligence: what acquisition returns, and what each analysis produces.
 * Field names are camelCase like the rest of the API; the original's snake_case keys map one to one
 * (`timeline_anchors` → `timelineAnchors`, `quality_score` → `qualityScore`).
 */

/** Where content comes from, by the URL's host (`file` for local paths). */
export type Platform = 'youtube' | 'twitch' | 'tiktok' | 'x' | 'reddit' | 'web' | 'file';

/** Formats acquisition can ask for: video up to a height, audio only, the smallest format. */
export type Quality = '1080p' | '720p' | '480p' | 'audio' | 'worst';
/** The fallback ladder: 720p → audio → worst. */
export const QUALITIES: readonly Quality[] = ['720p', 'audio', 'worst'];
/** The autonomous acquisition ladder: 1080p → 720p → 480p → audio. */
export const AUTONOMOUS_QUALITIES: readonly Quality[] = ['1080p', '720p', '480p', 'audio'];

/** A stretch of a transcript with its time in the media (seconds), from subtitles, captions or speech recognition. */
export interface TimelineAnchor {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** What was fetched and what it is. */
export interface Download {
  readonly url: string;
  readonly title: string | null;
  readonly platform: Platform;
  /** Seconds of media; null for text. */
  readonly duration: number | null;
  /** Author, uploader or channel. */
  readonly author: string | null;
  /** Site name (e.g. from og:site_name) or the host. */
  readonly site: string | null;
  /** ISO 8601 when the source states one. */
  readonly publishedAt: string | null;
  /** The media type the content came as (text/html, text/plain, application/json, text/vtt, video/mp4, …). */
  readonly contentType: string;
  /** Which adapter acquired it. */
  readonly source: 'http' | 'file' | 'yt-dlp';
}

/** The text of the content. */
export interface Transcription {
  readonly transcript: string;
  /** Empty unless the text came from timed subtitles, captions or speech recognition. */
  readonly timelineAnchors: readonly TimelineAnchor[];
  /** 0–1: 1 for authored text, lower for automatic captions and speech recognition. */
  readonly qualityScore: number;
  /** `none`: media without subtitles or captions, and no speech recognition configured (the transcript is empty). */
  readonly origin: 'page' | 'text' | 'subtitles' | 'captions' | 'speech' | 'none';
}

/** One acquisition's result. */
export interface AcquiredContent {
  readonly download: Download;
  readonly transcription: Transcription;
}

/** Why acquisition failed, as a stable code (the message says it in words, naming the URL or path). */
export type AcquisitionErrorCode =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'blocked_address'
  | 'not_allowed'
  | 'too_large'
  | 'timeout'
  | 'not_found'
  | 'http_error'
  | 'unsupported_type'
  | 'too_many_redirects'
  | 'unavailable'
  | 'failed';

/** A failed acquisition. `retryable` is true for timeouts, 5xx answers and connection failures. */
export class AcquisitionError extends Error {
  constructor(
    readonly code: AcquisitionErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'AcquisitionError';
  }
}

export interface AcquireOptions {
  readonly quality: Quality;
  readonly signal?: AbortSignal;
}

/** One way of acquiring content (http, file, yt-dlp). */
export interface ContentSource {
  readonly name: 'http' | 'file' | 'yt-dlp';
  /** Whether this source takes the URL (a `file:` URL, a host yt-dlp knows, any http(s) page, …). */
  canHandle(url: URL): boolean;
  acquire(url: URL, options: AcquireOptions): Promise<AcquiredContent>;
}
