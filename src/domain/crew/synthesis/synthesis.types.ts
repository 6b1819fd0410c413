import type { Depth } from '../../content';

/** The run every synthesis names at its top: url, workflow id, depth (as `analysisDepth`) and seconds taken. */
export interface SummaryIdentity {
  readonly url: string;
  readonly workflowId: string;
  readonly analysisDepth: string;
  readonly processingTime: number;
}

/** A stage's output as earlier stages hand it on: a record of camelCase fields. */
export type Block = Readonly<Record<string, unknown>>;

/** Who and what a synthesis is about. */
export interface RunIdentity {
  readonly url: string;
  readonly workflowId: string;
  readonly depth: Depth;
  /** Seconds. */
  readonly processingTime: number;
}

/** The summary's identity fields of a run (`depth` is reported as `analysisDepth`). */
export function summaryIdentity(run: RunIdentity): SummaryIdentity {
  return { url: run.url, workflowId: run.workflowId, analysisDepth: run.depth, processingTime: run.processingTime };
}

/** A fallacy as the fallacy tool reports it: a name, or an object with a type or name. */
export type FallacyLike = string | { readonly type?: string | null; readonly name?: string | null };

/** The S4 fact-analysis output, as far as synthesis reads it. */
export interface FactAnalysis {
  readonly factChecks?: {
    readonly claims?: readonly unknown[] | null;
    readonly evidence?: readonly unknown[] | null;
    readonly evidenceCount?: number | null;
    readonly items?: readonly unknown[] | null;
    readonly verifiedClaims?: number | readonly unknown[] | null;
    readonly disputedClaims?: number | readonly unknown[] | null;
    readonly confidence?: number | null;
  } | null;
  readonly logicalFallacies?: readonly FallacyLike[] | null;
  readonly perspectiveSynthesis?: unknown;
}

/** The S6 deception-scoring output, plus the threat fields the specialised agents add. */
export interface DeceptionAnalysis {
  readonly deceptionScore?: number | null;
  readonly threatScore?: number | null;
  readonly threatLevel?: string | null;
  readonly [key: string]: unknown;
}

/** The name of a fallacy, for insights. */
export function fallacyName(fallacy: FallacyLike): string {
  if (typeof fallacy === 'string') return fallacy;
  return fallacy.type?.trim() || fallacy.name?.trim() || 'unnamed fallacy';
}

/** A synthesis that threw: the error and the inputs it was given. */
export interface SynthesisError {
  readonly error: string;
  readonly rawResults: unknown;
}

/** The message of a thrown value (an Error's message, else its string form). */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
