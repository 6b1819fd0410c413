/**
 * Types of the offline text analyses: the parsed form every analysis reads, and what each one returns.
 * Character offsets are half-open `[start, end)` indexes into the original text, so
 * `text.slice(start, end)` is the span itself.
 */

/** One token of a sentence (whitespace and line breaks are left out). */
export interface ParsedToken {
  /** The token as written. */
  readonly text: string;
  /** Lower-cased form, with contractions expanded (`n't` → `not`). */
  readonly normal: string;
  /** Dictionary form (`grew` → `grow`, `cities` → `city`). */
  readonly lemma: string;
  /** wink's token type: `word`, `number`, `punctuation`, `symbol`, `currency`, `url`, `email`, `emoji`, … */
  readonly type: string;
  /** Universal part-of-speech tag (`NOUN`, `PROPN`, `VERB`, `NUM`, …). */
  readonly pos: string;
  /** Whether wink's English model lists the normal form as a stop word. */
  readonly stopWord: boolean;
  readonly start: number;
  readonly end: number;
}

/** One sentence, as wink's sentence boundary detection splits the text. */
export interface ParsedSentence {
  /** Position among the text's sentences, from 0. */
  readonly index: number;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** wink's sentence sentiment: the mean polarity of its sentiment-bearing words, negation applied (−1 to 1). */
  readonly sentiment: number;
  readonly tokens: readonly ParsedToken[];
}

/** A named entity wink's English model recognises (dates, times, numbers, money, percentages, URLs, …). */
export interface ParsedEntity {
  readonly text: string;
  /** wink's entity type: `DATE`, `TIME`, `DURATION`, `CARDINAL`, `ORDINAL`, `MONEY`, `PERCENT`, `URL`, … */
  readonly type: string;
  readonly sentenceIndex: number;
  readonly start: number;
  readonly end: number;
}

/** A text parsed once, to be handed to any number of analyses. */
export interface ParsedText {
  readonly text: string;
  readonly sentences: readonly ParsedSentence[];
  readonly entities: readonly ParsedEntity[];
}

/** What every analysis accepts: raw text (parsed on the spot) or an earlier `parseText` result. */
export type TextInput = string | ParsedText;

/** A keyword with its score relative to the best one (1). */
export interface Keyword {
  readonly term: string;
  readonly score: number;
}

/** A distinct entity and how often it occurs. */
export interface EntityCount {
  readonly text: string;
  readonly type: string;
  readonly count: number;
}

/** Counts, keywords, entities and reading time of a text. */
export interface TextAnalysis {
  /** Word tokens (numbers and punctuation are not words; `can't` is two words, `ca` + `n't`). */
  readonly words: number;
  readonly sentences: number;
  /** Length of the text in UTF-16 code units, whitespace included. */
  readonly characters: number;
  /** Up to 10, best first. */
  readonly keywords: readonly Keyword[];
  /** Most frequent first. */
  readonly entities: readonly EntityCount[];
  /** At 200 words a minute, one decimal. */
  readonly readingMinutes: number;
}

export const SENTIMENT_LABELS = ['positive', 'negative', 'neutral'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

/** The overall tone of a text. */
export interface Sentiment {
  readonly label: SentimentLabel;
  /** −1 (negative) to 1 (positive), three decimals. */
  readonly score: number;
  readonly positiveSentences: number;
  readonly negativeSentences: number;
}

/** Why a sentence is worth checking. */
export const CLAIM_REASONS = [
  'number',
  'percentage',
  'named_entity',
  'comparison',
  'superlative',
  'causal',
  'quantity_word',
  'date',
] as const;
export type ClaimReason = (typeof CLAIM_REASONS)[number];

/** A check-worthy sentence. */
export interface Claim {
  readonly text: string;
  readonly sentenceIndex: number;
  readonly start: number;
  readonly end: number;
  /** 0–1, three decimals. */
  readonly score: number;
  /** In the order of `CLAIM_REASONS`. */
  readonly reasons: readonly ClaimReason[];
}

/** A matched stretch of the original text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The logical fallacies `detectFallacies` looks for. */
export const FALLACY_TYPES = [
  'ad_hominem',
  'straw_man',
  'slippery_slope',
  'false_dilemma',
  'appeal_to_authority',
  'appeal_to_popularity',
  'hasty_generalization',
  'appeal_to_emotion',
  'circular_reasoning',
  'red_herring',
  'tu_quoque',
  'appeal_to_tradition',
  'post_hoc',
  'appeal_to_nature',
  'loaded_question',
  'no_true_scotsman',
] as const;
export type FallacyType = (typeof FALLACY_TYPES)[number];

/** A cue phrase typical of a logical fallacy. */
export interface Fallacy {
  readonly type: FallacyType;
  /** Human name, e.g. `Slippery slope`. */
  readonly label: string;
  readonly sentenceIndex: number;
  readonly span: TextSpan;
  readonly sentence: string;
  /** One line on why the cue suggests the fallacy. */
  readonly explanation: string;
}

/** An extractive summary. */
export interface Perspective {
  /** The chosen sentences in their original order, joined by a space. */
  readonly summary: string;
  /** Ascending. */
  readonly sentenceIndexes: readonly number[];
  readonly method: 'textrank';
}
