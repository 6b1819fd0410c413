import type { EntityKind } from '../analysis/entities';
import type { ClaimReason, SentimentLabel } from '../analysis/analysis.types';
import type { Platform, Transcription } from '../content.types';

/**
 * What a text says, in the order a reader wants it: what it is, a summary, key points and topics, the names it
 * mentions, the claims worth checking, its tone and its quotes. Every field is computed offline from the text and
 * the acquisition's metadata; nothing is invented when the source does not say (null, or an empty list).
 */
export interface ContentDigest {
  readonly about: About;
  readonly summary: Summary;
  /** Up to five statements beyond the summary, one per main topic, in document order. */
  readonly keyPoints: readonly string[];
  /** The text's main terms, best first, in its own spelling. */
  readonly topics: readonly string[];
  readonly entities: readonly DigestEntity[];
  /** Pairs of people, organisations or places named in the same sentences (deep and comprehensive). */
  readonly relations: readonly EntityRelation[];
  /** Check-worthy sentences, best first, before any fact check. */
  readonly claims: readonly DigestClaim[];
  readonly fallacies: readonly DigestFallacy[];
  readonly tone: Tone;
  readonly quotes: readonly Quote[];
}

export interface About {
  readonly title: string | null;
  /** The URL or path analysed. */
  readonly source: string;
  readonly site: string | null;
  readonly author: string | null;
  /** ISO 8601 when the source states it. */
  readonly publishedAt: string | null;
  readonly platform: Platform | null;
  readonly contentType: string | null;
  /** `en` when the text reads as English (the analyses' language), else null: the analyses may then be poor. */
  readonly language: 'en' | null;
  readonly words: number;
  readonly readingMinutes: number;
  /** Seconds of media; null for a document. */
  readonly durationS: number | null;
  /** Where the text came from: the page, a text file, subtitles, captions or speech recognition. */
  readonly textOrigin: Transcription['origin'] | null;
}

export interface Summary {
  /** In document order. */
  readonly sentences: readonly string[];
  readonly method: 'textrank' | 'llm';
  /** Section by section, for long documents at comprehensive depth; empty otherwise. */
  readonly outline: readonly OutlineSection[];
}

export interface OutlineSection {
  /** The section's heading, or `Part N` where the text has none. */
  readonly heading: string;
  /** The section's most central sentence. */
  readonly point: string;
}

export interface DigestEntity {
  readonly text: string;
  readonly type: EntityKind;
  readonly count: number;
}

export interface EntityRelation {
  readonly a: string;
  readonly b: string;
  /** Sentences naming both. */
  readonly sentences: number;
}

export interface DigestClaim {
  readonly text: string;
  readonly score: number;
  readonly reasons: readonly ClaimReason[];
}

export interface DigestFallacy {
  readonly label: string;
  /** The sentence the cue is in. */
  readonly passage: string;
  readonly cue: string;
  readonly explanation: string;
}

export interface Tone {
  readonly label: SentimentLabel;
  /** −1…1. */
  readonly score: number;
  /** The sentences that weigh most toward the label (or both ways when neutral), in document order. */
  readonly drivers: readonly { readonly text: string; readonly polarity: number }[];
}

export interface Quote {
  readonly text: string;
  /** The named speaker when the sentence says who (`…, said Mikel Arteta`), else null. */
  readonly speaker: string | null;
}
