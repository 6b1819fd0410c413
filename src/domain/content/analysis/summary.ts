import type { ParsedSentence, ParsedText, Perspective, TextInput } from './analysis.types';
import { toParsed } from './nlp';
import { GraphBuilder, pageRank, type SparseGraph } from './pagerank';
import { roundTo } from './rounding';

export interface SummaryOptions {
  /** How many sentences the summary keeps; default {@link summaryLength} of the text. */
  readonly sentences?: number;
}

/**
 * The summary's length for a text of `sentences` sentences: 3, and one more per 15 sentences past 45, up to 6 (53
 * sentences get 4, 83 or more get 6), so a long document is not cut to the three sentences a short one gets.
 */
export function summaryLength(sentences: number): number {
  return Math.min(6, Math.max(3, Math.round(sentences / 15)));
}

const LETTER = /\p{L}/u;

/**
 * A sentence whose lemma set overlaps one already kept by at least this Jaccard index (shared / either) says the same
 * thing (a repeated list, a restated line) and is passed over. A short sentence sharing a few words with a long one
 * stays far below it.
 */
const REDUNDANT_OVERLAP = 0.5;

/**
 * An extractive summary by TextRank over sentences. Two sentences are linked by the number of distinct non-stop
 * lemmas they share divided by `ln(1 + |A|) + ln(1 + |B|)` (TextRank's length normalisation, shifted by one so
 * one-word sentences do not divide by zero); PageRank (damping 0.85, until no score moves by 1e-6, at most 100
 * iterations) ranks them and the best `sentences` are returned in their original order. Equal scores go to the
 * earlier sentence. A sentence that mostly repeats one already kept (see {@link REDUNDANT_OVERLAP}) is passed over
 * for the next best, so the summary never says the same thing twice. A text with no more sentences than asked for
 * is returned whole.
 *
 * @example
 * const text = 'Solar panels turn sunlight into electricity. Panels on a roof can power a home. ' +
 *   'Batteries store the electricity for the night. The sky was grey.';
 * summarize(text, { sentences: 1 }).summary; // 'Solar panels turn sunlight into electricity.'
 */
export function summarize(input: TextInput, options: SummaryOptions = {}): Perspective {
  const parsed = toParsed(input);
  const { sentences } = parsed;
  const wanted = options.sentences ?? summaryLength(sentences.length);
  if (sentences.length <= wanted) return perspectiveOf(sentences);
  if (wanted <= 0) return perspectiveOf([]);
  return perspectiveOf(pickDistinct(rankSentences(parsed), wanted).sort((a, b) => a.index - b.index));
}

/** A sentence with its TextRank score and its distinct content lemmas (ascending ids). */
export interface RankedSentence {
  readonly sentence: ParsedSentence;
  readonly lemmas: Int32Array;
  readonly score: number;
}

const rankings = new WeakMap<ParsedText, readonly RankedSentence[]>();

/**
 * The text's sentences by TextRank score, best first (equal scores: the earlier sentence first). Computed once per
 * parse, so a summary and the key points of the same text share the ranking.
 */
export function rankSentences(input: TextInput): readonly RankedSentence[] {
  const parsed = toParsed(input);
  const known = rankings.get(parsed);
  if (known) return known;
  const lemmaSets = lemmaIds(parsed.sentences);
  const scores = pageRank(similarityGraph(lemmaSets));
  // Rounded so that sentences with the same content tie exactly, whatever the order floating point sums ran in.
  const ranked = parsed.sentences
    .map((sentence, i) => ({ sentence, lemmas: lemmaSets[i], score: roundTo(scores[i], 9) }))
    .sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index);
  rankings.set(parsed, ranked);
  return ranked;
}

/**
 * The first `wanted` of `ranked` that do not repeat one taken before (see {@link REDUNDANT_OVERLAP}), nor one of
 * `taken`; in rank order.
 */
export function pickDistinct(
  ranked: readonly RankedSentence[],
  wanted: number,
  taken: readonly RankedSentence[] = [],
): ParsedSentence[] {
  const kept: RankedSentence[] = [];
  for (const candidate of ranked) {
    if (kept.length === wanted) break;
    if (taken.includes(candidate)) continue;
    if ([...taken, ...kept].some((k) => redundant(k.lemmas, candidate.lemmas))) continue;
    kept.push(candidate);
  }
  return kept.map(({ sentence }) => sentence);
}

function redundant(a: Int32Array, b: Int32Array): boolean {
  const shared = overlap(a, b);
  const union = a.length + b.length - shared;
  return union > 0 && shared / union >= REDUNDANT_OVERLAP;
}

function perspectiveOf(chosen: readonly ParsedSentence[]): Perspective {
  return {
    summary: chosen.map((s) => s.text).join(' '),
    sentenceIndexes: chosen.map((s) => s.index),
    method: 'textrank',
  };
}

/** Each sentence's distinct non-stop word lemmas as ascending ids, so overlaps are a linear merge. */
function lemmaIds(sentences: readonly ParsedSentence[]): Int32Array[] {
  const ids = new Map<string, number>();
  return sentences.map((sentence) => {
    const own = new Set<number>();
    for (const token of sentence.tokens) {
      if (token.type !== 'word' || token.stopWord || !LETTER.test(token.lemma)) continue;
      const lemma = token.lemma.toLowerCase();
      let id = ids.get(lemma);
      if (id === undefined) {
        id = ids.size;
        ids.set(lemma, id);
      }
      own.add(id);
    }
    return Int32Array.from(own).sort();
  });
}

function similarityGraph(lemmaSets: readonly Int32Array[]): SparseGraph {
  const n = lemmaSets.length;
  const norms = lemmaSets.map((set) => Math.log(1 + set.length));
  const graph = new GraphBuilder();
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const shared = overlap(lemmaSets[i], lemmaSets[j]);
      if (shared > 0) graph.link(i, j, shared / (norms[i] + norms[j]));
    }
  }
  return graph.build(n);
}

function overlap(a: Int32Array, b: Int32Array): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (a[i] < b[j]) i += 1;
    else j += 1;
  }
  return shared;
}
