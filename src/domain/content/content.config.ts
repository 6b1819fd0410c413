import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { defineConfigSection } from '../../core/config/config-section';

const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9A-Fa-f:.]+\/\d{1,3})$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/** Content acquisition and analysis (content intelligence); every duration in ms. */
export class ContentConfig {
  /**
   * Address ranges HTTP acquisition may reach although they are private, loopback, link-local or reserved (CIDR
   * notation). Default none: such addresses are refused (env `CONTENT_ALLOWED_CIDRS`, comma-separated).
   */
  @IsArray()
  @ArrayMaxSize(64)
  @Matches(CIDR, { each: true, message: 'each of content.allowedCidrs must be a CIDR such as 10.0.0.0/8 or ::1/128' })
  allowedCidrs: string[] = [];
  /** Largest page or file accepted. Default 5242880 (5 MiB). */
  @IsInt() @Min(1024) @Max(104_857_600) maxBytes = 5_242_880;
  /** One HTTP acquisition, connect to last byte. Default 15000. */
  @IsInt() @Min(100) @Max(600_000) fetchTimeoutMs = 15_000;
  /** Redirects followed, each re-validated. Default 4. */
  @IsInt() @Min(0) @Max(10) maxRedirects = 4;
  /** Folders whose files the API may read (file: URLs). Default none (env `CONTENT_FILE_ROOTS`, comma-separated). The CLI reads any path. */
  @IsArray() @ArrayMaxSize(64) @IsString({ each: true }) @MinLength(1, { each: true }) fileRoots: string[] = [];
  /** yt-dlp for video platforms: `auto` uses it when the binary answers at boot. Default auto (env `YTDLP`). */
  @IsIn(['auto', 'on', 'off']) ytDlp: 'auto' | 'on' | 'off' = 'auto';
  /** The yt-dlp program. Default `yt-dlp` (on PATH). */
  @IsString() @MinLength(1) ytDlpBinary = 'yt-dlp';
  /** One yt-dlp run. Default 120000. */
  @IsInt() @Min(1000) @Max(3_600_000) ytDlpTimeoutMs = 120_000;
  /** A whisper.cpp ggml model: when set, media without captions are transcribed (env `WHISPER_MODEL`). */
  @IsOptional() @IsString() @MinLength(1) whisperModel?: string;
  /** The whisper.cpp program. Default `whisper-cli` (on PATH). */
  @IsString() @MinLength(1) whisperBinary = 'whisper-cli';
  /**
   * An OpenAI-compatible API root (`…/v1`) whose `/audio/transcriptions` transcribes media without captions (a
   * local whisper server, say); used instead of whisper.cpp when both are set (env `TRANSCRIPTION_URL`).
   */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'content.transcriptionUrl must be an http(s) URL' })
  transcriptionUrl?: string;
  /** The model the transcription endpoint is asked for. Default `whisper-1` (env `TRANSCRIPTION_MODEL`). */
  @IsString() @MinLength(1) @MaxLength(128) transcriptionModel = 'whisper-1';
  /** Bearer key of the transcription endpoint, when it needs one (env `TRANSCRIPTION_API_KEY`). */
  @IsOptional() @IsString() @MinLength(1) transcriptionApiKey?: string;
  /** A YAML or JSON list of `{ claim, verdict: true|false|mixed, source?, note? }`: the local fact-check knowledge base (env `FACT_CHECK_KB`). */
  @IsOptional() @IsString() @MinLength(1) factCheckKnowledgeBase?: string;
  /** A claim matches a knowledge-base entry at this cosine similarity or above. Default 0.6. */
  @IsNumber() @Min(0) @Max(1) factCheckMatchScore = 0.6;
  /** Google Fact Check Tools API key; when set the API is asked too (env `GOOGLE_FACT_CHECK_API_KEY`). */
  @IsOptional() @IsString() @MinLength(1) googleFactCheckApiKey?: string;
  /** Where the Google Fact Check Tools API is asked. Default `https://factchecktools.googleapis.com`. */
  @Matches(HTTP_URL, { message: 'content.googleFactCheckBaseUrl must be an http(s) URL' }) googleFactCheckBaseUrl =
    'https://factchecktools.googleapis.com';
  /** Claims a fallback run fact-checks at standard depth (3 more at deep, 7 more deeper). Default 5. */
  @IsInt() @Min(0) @Max(50) claimsPerRun = 5;
  /**
   * Sentences in the extractive summary. Unset (the default): sized to the document, 3 to 6 (3 up to 52 sentences,
   * then one more per 15, 6 from 83).
   */
  @IsOptional() @IsInt() @Min(1) @Max(20) summarySentences?: number;
  /** Progress of runs is also posted to this Discord webhook (env `DISCORD_WEBHOOK_URL`). */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'content.discordWebhookUrl must be an http(s) URL' })
  discordWebhookUrl?: string;
}

export const contentConfig = defineConfigSection({
  key: 'content',
  schema: ContentConfig,
  env: {
    allowedCidrs: 'CONTENT_ALLOWED_CIDRS',
    fileRoots: 'CONTENT_FILE_ROOTS',
    ytDlp: 'YTDLP',
    whisperModel: 'WHISPER_MODEL',
    transcriptionUrl: 'TRANSCRIPTION_URL',
    transcriptionModel: 'TRANSCRIPTION_MODEL',
    transcriptionApiKey: 'TRANSCRIPTION_API_KEY',
    factCheckKnowledgeBase: 'FACT_CHECK_KB',
    googleFactCheckApiKey: 'GOOGLE_FACT_CHECK_API_KEY',
    discordWebhookUrl: 'DISCORD_WEBHOOK_URL',
  },
});

declare module '../../core/config/app-config' {
  interface AppConfig {
    content: ContentConfig;
  }
}
