import type { ParsedSentence, ParsedText } from '../../src/domain/content/analysis';
import { GraphBuilder, pageRank } from '../../src/domain/content/analysis/pagerank';
import { roundTo } from '../../src/domain/content/analysis/rounding';

/** The first three sentences of a text, joined by a space: the Lead-3 baseline (all of them when there are fewer). */
export function leadThree(parsed: ParsedText): string {
  return parsed.sentences
    .slice(0, 3)
    .map((s) => s.text)
    .join(' ');
}

const LETTER = /\p{L}/u;

/**
 * Plain TextRank, the baseline the summary is measured against: the `count` sentences PageRank ranks highest over
 * the sentence similarity graph, in their original order, joined by a space. Two sentences are linked by the number
 * of distinct non-stop word lemmas they share over `ln(1 + |A|) + ln(1 + |B|)`; equal scores (to 9 decimals) go to
 * the earlier sentence. Nothing else: no redundancy filter, no position prior, no boilerplate handling.
 */
export function plainTextRank(parsed: ParsedText, count: number): string {
  const { sentences } = parsed;
  const lemmas = sentences.map(lemmaSet);
  const norms = lemmas.map((set) => Math.log(1 + set.size));
  const graph = new GraphBuilder();
  for (let i = 0; i < sentences.length; i += 1) {
    for (let j = i + 1; j < sentences.length; j += 1) {
      let shared = 0;
      for (const lemma of lemmas[i]) if (lemmas[j].has(lemma)) shared += 1;
      if (shared > 0) graph.link(i, j, shared / (norms[i] + norms[j]));
    }
  }
  const scores = pageRank(graph.build(sentences.length));
  return sentences
    .map((sentence, i) => ({ sentence, score: roundTo(scores[i], 9) }))
    .sort((a, b) => b.score - a.score || a.sentence.index - b.sentence.index)
    .slice(0, count)
    .map(({ sentence }) => sentence)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text)
    .join(' ');
}

/** A sentence's distinct lower-cased lemmas of words that are not stop words and hold a letter. */
function lemmaSet(sentence: ParsedSentence): Set<string> {
  const set = new Set<string>();
  for (const token of sentence.tokens) {
    if (token.type === 'word' && !token.stopWord && LETTER.test(token.lemma)) set.add(token.lemma.toLowerCase());
  }
  return set;
}
