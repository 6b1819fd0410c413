import type { StepResult } from '../../core/result/step-result';
import type { Claim, Fallacy, Perspective, Sentiment, TextAnalysis } from './analysis/analysis.types';
import type { Download, Quality, Transcription } from './content.types';
import type { FactCheckRequest, FactCheckResult } from './fact-check/fact-check.types';

/** Depths a run accepts; `quick` exists only in the cost table and is not accepted. */
export const DEPTHS = ['standard', 'deep', 'comprehensive', 'experimental'] as const;
export type Depth = (typeof DEPTHS)[number];

export interface PipelineOptions {
  readonly quality: Quality;
  readonly tenantId: string;
  readonly workspaceId: string;
  readonly signal?: AbortSignal;
  /** `roots`: file: URLs only under `content.fileRoots` (the API). `any`: every local path (the CLI). Default roots. */
  readonly localFiles?: 'roots' | 'any';
}

/** What the content pipeline stored in the memory for later fact checks. */
export type MemoryWrite =
  | { readonly namespace: string; readonly stored: number }
  | { readonly namespace: string; readonly stored: 0; readonly error: string };

/** The payload blocks of a pipeline run. */
export interface Payload {
  readonly download: Download;
  readonly transcription: Transcription;
  readonly memory: MemoryWrite;
}

/** The pipeline's envelope: consumers read `data`. */
export interface Envelope {
  readonly url: string;
  readonly quality: Quality;
  /** Seconds. */
  readonly processingTime: number;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly data: Payload;
}

/**
 * Acquisition of one URL or local file into an envelope. A failure is an `error` result whose message says why
 * (blocked address, too large, timeout, 404, …); `data.qualityIndependent` is true when another quality cannot help.
 */
export interface ContentPipelinePort {
  process(url: string, options: PipelineOptions): Promise<StepResult<Envelope>>;
}
export const CONTENT_PIPELINE = Symbol('CONTENT_PIPELINE');

/** The analyses of a transcript: text analysis, sentiment, claims, fact checks, fallacies and summary. */
export interface ContentAnalysisPort {
  text(transcript: string): Promise<TextAnalysis>;
  sentiment(transcript: string): Promise<Sentiment>;
  claims(transcript: string, max: number): Promise<Claim[]>;
  factCheck(request: FactCheckRequest): Promise<FactCheckResult[]>;
  fallacies(transcript: string): Promise<Fallacy[]>;
  summary(transcript: string, sentences: number): Promise<Perspective>;
}
export const CONTENT_ANALYSIS = Symbol('CONTENT_ANALYSIS');
