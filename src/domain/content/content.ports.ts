import type { StepResult } from '../../core/result/step-result';
import type { Claim, Fallacy, Perspective, Sentiment, TextAnalysis } from './analysis/analysis.types';
import type { AcquiredContent, Download, Quality, Transcription } from './content.types';
import type { ContentDigest } from './digest/digest.types';
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

/** The pipeline's envelope: what was acquired is `payload`. */
export interface Envelope {
  readonly url: string;
  readonly quality: Quality;
  /** Seconds. */
  readonly processingTime: number;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly payload: Payload;
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
  /** `sentences` unset: sized to the text (see `summaryLength`). */
  summary(transcript: string, sentences?: number): Promise<Perspective>;
  /** Everything the report says about the content itself, at a depth (see `digestContent`). */
  digest(content: AcquiredContent, depth: Depth): Promise<ContentDigest>;
}
export const CONTENT_ANALYSIS = Symbol('CONTENT_ANALYSIS');

/** A triple in the graph memory, tenant-scoped like every memory. */
export interface GraphTriple {
  readonly subject: string;
  readonly predicate: string;
  readonly object: string;
}

/** Graph memory: a tenant-namespaced triple store; `index` groups a kind of record, tags label them. */
export interface GraphMemoryPort {
  /** Stores a record's triples with tags; returns the record id. */
  store(
    scope: { tenantId: string; workspaceId: string; index: string },
    record: { id: string; triples: readonly GraphTriple[]; tags: readonly string[] },
  ): Promise<string>;
  /** Triples whose subject or object equals `node`, within the scope. */
  neighbours(
    scope: { tenantId: string; workspaceId: string; index: string },
    node: string,
    limit?: number,
  ): Promise<GraphTriple[]>;
}
export const GRAPH_MEMORY = Symbol('GRAPH_MEMORY');

/** Continual memory: a tenant-namespaced append log that consolidation folds into per-key summaries. */
export interface ContinualMemoryPort {
  append(
    scope: { tenantId: string; workspaceId: string; index: string },
    entry: { id: string; text: string; tags: readonly string[]; at: number },
  ): Promise<void>;
  /** Folds the scope's log into one summary per tag; returns how many entries were folded. */
  consolidate(scope: { tenantId: string; workspaceId: string; index: string }): Promise<number>;
  /** The newest entries first. */
  recent(
    scope: { tenantId: string; workspaceId: string; index: string },
    limit: number,
  ): Promise<{ id: string; text: string; tags: string[]; at: number }[]>;
}
export const CONTINUAL_MEMORY = Symbol('CONTINUAL_MEMORY');
