import type {
  Download,
  Evidence,
  Fallacy,
  Keyword,
  MemoryWrite,
  Perspective,
  Quality,
  Sentiment,
  TimelineAnchor,
  Transcription,
  Verdict,
} from '../../content';

/**
 * What the first stages return under `data`. The runtimes and later stages read these shapes; keys keep the
 * original's snake_case names, since they surface verbatim in the result JSON.
 */

/** S1: the pipeline payload, flattened, with where and when it came from. */
export interface AcquisitionData {
  readonly source_url: string;
  readonly download: Download;
  readonly transcription: Transcription;
  readonly memory: MemoryWrite;
  /** ISO 8601, from the injected clock. */
  readonly acquisition_timestamp: string;
  readonly workflow_type: 'autonomous_intelligence';
  /** The envelope without its payload. */
  readonly pipeline_metadata: {
    readonly url: string;
    readonly quality: Quality;
    readonly processing_time: number;
    readonly timestamp: string;
  };
  /** The qualities tried, the successful one last. */
  readonly attempted_qualities: readonly Quality[];
}

/** S1's error data. */
export interface AcquisitionErrorData {
  readonly step: 'content_pipeline_acquisition';
  readonly url: string;
  readonly attempted_qualities: readonly Quality[];
  readonly error_type: 'youtube_protection' | 'general';
  /** What the user can do about it (missing downloader, YouTube protection, or generic). */
  readonly guidance: string;
}

/** S2. */
export interface TranscriptionData {
  readonly transcript: string;
  readonly media_info: Download & { readonly source_url: string };
  readonly timeline_anchors: readonly TimelineAnchor[];
  /** Sentence-level index: character offsets of each sentence and, when anchors exist, its time. */
  readonly transcript_index: readonly { readonly start: number; readonly end: number; readonly time: number | null }[];
  readonly quality_score: number;
  readonly origin: Transcription['origin'];
}

/** S3. */
export interface ContentAnalysisData {
  readonly linguistic_patterns: {
    readonly words: number;
    readonly sentences: number;
    readonly reading_minutes: number;
    readonly entities: readonly { text: string; type: string; count: number }[];
  };
  readonly sentiment: Sentiment;
  readonly keywords: readonly Keyword[];
  /** Theme labels (the top keywords' terms). */
  readonly thematic_insights: readonly string[];
  readonly content_structure: { readonly paragraphs: number; readonly average_sentence_words: number };
  readonly content_metadata: {
    readonly word_count: number;
    readonly quality_score: number;
    readonly analysis_method: 'local_nlp_analysis';
    readonly title: string | null;
    readonly platform: string;
    readonly duration: number | null;
    readonly uploader: string | null;
  };
}

/** One fact-checked claim of S4. */
export interface FactItem {
  readonly claim: string;
  /** Lower-cased verdict of the fact checker. */
  readonly verdict: Verdict;
  /** 0–1 (0.5 when missing). */
  readonly confidence: number;
  readonly source: string;
  readonly source_trust: number;
}

/** S4. */
export interface FactAnalysisData {
  readonly fact_checks: {
    readonly claims: readonly string[];
    readonly evidence: readonly (Evidence & { readonly claim: string })[];
    readonly backends_used: readonly string[];
    readonly evidence_count: number;
    readonly items: readonly FactItem[];
    readonly verified_claims: number;
    readonly disputed_claims: number;
    readonly confidence: number;
  };
  readonly logical_fallacies: readonly Fallacy[];
  readonly perspective_synthesis: Perspective;
}

/** One indicator of the deception scorer (S6). */
export interface DeceptionIndicator {
  readonly kind: string;
  readonly detail: string;
  readonly confidence: number;
  readonly severity: 'low' | 'medium' | 'high';
}

/** S6. */
export interface DeceptionData {
  /** 0–1; the weighted composite of the indicators, the tool score when there are none. */
  readonly deception_score: number;
  readonly deception_analysis: { readonly score: number; readonly indicators: readonly DeceptionIndicator[] };
  readonly truth_scoring: Record<string, unknown>;
  readonly trustworthiness: Record<string, unknown>;
  readonly scoring_methodology: Record<string, unknown>;
}
