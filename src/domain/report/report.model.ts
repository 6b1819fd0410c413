import type { ContentDigest, Depth, Verdict } from '../content';

/**
 * The main job's report as data: the one source every rendering (Markdown, HTML, JSON) is made from, the same for
 * every mode. Sections come in the order a reader wants them ({@link REPORT_SECTIONS}): what the content is and
 * says first, the assessment after it, the method last.
 */
export interface ContentReport {
  /** Bumped when a field changes meaning or goes away. */
  readonly version: 1;
  /** ISO 8601, from the run's clock. */
  readonly generatedAt: string;
  /** What the content says; null when nothing could be acquired. */
  readonly content: ContentDigest | null;
  /** The check-worthy claims with the fact checks' verdicts (a claim not checked has a null verdict). */
  readonly claims: readonly CheckedClaim[];
  /**
   * Where else the content's terms were found (the crew's cross-platform stage, from deep depth, when a social
   * monitor is bound); null when that stage did not run or found nothing it could read.
   */
  readonly elsewhere: Elsewhere | null;
  /** Credibility, threat and grade from the crew's stages; null in fallback mode, which runs none of them. */
  readonly assessment: Assessment | null;
  readonly method: Method;
  /** Things the reader should know about the run itself: no transcript, a downgraded depth, what fuller modes add. */
  readonly notices: readonly string[];
}

export const REPORT_SECTIONS = [
  { key: 'about', title: 'What it is' },
  { key: 'summary', title: 'Summary' },
  { key: 'points', title: 'Key points and topics' },
  { key: 'entities', title: 'Named entities' },
  { key: 'claims', title: 'Claims' },
  { key: 'tone', title: 'Tone and quotes' },
  { key: 'assessment', title: 'Assessment' },
  { key: 'method', title: 'Method' },
] as const;

export const REPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface CheckedClaim {
  readonly text: string;
  /** 0–1: how check-worthy the sentence is. */
  readonly worthiness: number;
  readonly verdict: Verdict | null;
  readonly confidence: number | null;
  /** Where the verdict's evidence came from (a knowledge base, earlier content, a publisher), or null. */
  readonly source: string | null;
}

export interface Elsewhere {
  /** What was searched for: the title and the top keywords. */
  readonly terms: readonly string[];
  readonly mentions: readonly { readonly platform: string; readonly text: string; readonly url: string | null }[];
}

export interface Assessment {
  /** 0–1 (1: nothing suggests deception), with why. */
  readonly credibility: { readonly score: number; readonly reasons: readonly string[] } | null;
  readonly threat: { readonly level: string; readonly reasons: readonly string[] } | null;
  /** The briefing's grade (A–D) and what lowered it. */
  readonly grade: { readonly grade: string; readonly reasons: readonly string[] } | null;
  readonly recommendations: readonly string[];
}

export type StageStatus = 'ran' | 'skipped' | 'failed';

export interface MethodStage {
  readonly id: string;
  readonly name: string;
  readonly status: StageStatus;
  /** Why it was skipped or failed; null when it ran. */
  readonly note: string | null;
}

export interface Method {
  readonly mode: 'fallback' | 'autonomous' | 'enhanced';
  readonly depth: Depth;
  /** The depth asked for, when it differs (experimental runs as comprehensive unless enabled). */
  readonly requestedDepth: Depth;
  /** How the analysis ran: local analyses only, the deterministic crew, or the crew on an LLM. */
  readonly engine: 'local' | 'deterministic crew' | 'llm crew';
  readonly llmUsed: boolean;
  readonly processingTimeS: number;
  readonly stages: readonly MethodStage[];
}
