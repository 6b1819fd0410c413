import type { Keyword, ParsedToken, TextInput } from './analysis.types';
import { compareText } from './compare-text';
import { toParsed } from './nlp';
import { GraphBuilder, pageRank } from './pagerank';
import { roundTo } from './rounding';

export interface KeywordOptions {
  /** How many keywords to return; default 10. */
  readonly max?: number;
  /** Candidates this many apart or closer (within a sentence) are linked; default 3, i.e. up to two apart. */
  readonly window?: number;
}

// Nouns and adjectives carry a text's topic; verbs added mostly generic terms (accord, arrive, begin) in trials.
const CANDIDATE_POS: ReadonlySet<string> = new Set(['NOUN', 'PROPN', 'ADJ']);
const LETTER = /\p{L}/u;
const CAPITAL = /^\p{Lu}/u;

function isCandidate(token: ParsedToken): boolean {
  return (
    token.type === 'word' &&
    !token.stopWord &&
    CANDIDATE_POS.has(token.pos) &&
    token.lemma.length > 1 &&
    LETTER.test(token.lemma)
  );
}

/**
 * Keywords by TextRank: lemmas of non-stop nouns and adjectives are nodes, linked (weighted by count) when they
 * occur within `window` candidates of each other in a sentence; PageRank (damping 0.85, until no score moves by
 * 1e-6, at most 100 iterations) ranks them. Scores are divided by the best one and rounded to three decimals; equal
 * scores sort alphabetically.
 *
 * TextRank was chosen over TF-IDF with sentences as documents after running both on the same paragraphs (urban
 * heat, bicycle lanes, sourdough): their top three or four terms agreed, but TF-IDF scored the rest by raw
 * frequency, so most of its list tied and was filled alphabetically (`accident`, `bus`, `busy`), and sentence-level
 * IDF penalises exactly the topic words that recur in many sentences. TextRank separated the tail by how connected
 * a term is (`starter`, `bread`, `yeast`, `bacteria`, `flour`) and had far fewer ties.
 *
 * A term is shown as its lemma when the text writes it as the lemma or the lemma plus an ending (`panels` →
 * `panel`); when the lemmatiser rewrote the spelling itself (`harbour` → `harbor`), it is shown as the text writes
 * it most often, so a keyword is always a word of the document. A name keeps its capital (`Chelsea`) when most of its
 * occurrences are capitalised proper nouns inside a sentence (not opening it).
 *
 * @example
 * extractKeywords('Sourdough bread needs a starter. The starter feeds on flour.')[0]; // { term: 'starter', score: 1 }
 */
export function extractKeywords(input: TextInput, options: KeywordOptions = {}): Keyword[] {
  const { max = 10, window = 3 } = options;
  const ids = new Map<string, number>();
  const terms: string[] = [];
  /** Per term, how often the text writes each form of it (lower case). */
  const forms: Map<string, number>[] = [];
  /** Per term, how often the text writes it as a capitalised proper noun, by spelling. */
  const names: Map<string, number>[] = [];
  // Each co-occurrence adds an edge of weight 1, so pairs that recur weigh more.
  const graph = new GraphBuilder();
  for (const sentence of toParsed(input).sentences) {
    const sequence: number[] = [];
    const opening = sentence.tokens.find((t) => t.type === 'word');
    for (const token of sentence.tokens) {
      if (!isCandidate(token)) continue;
      const term = token.lemma.toLowerCase();
      let id = ids.get(term);
      if (id === undefined) {
        id = terms.length;
        ids.set(term, id);
        terms.push(term);
        forms.push(new Map());
        names.push(new Map());
      }
      const form = token.text.toLowerCase();
      forms[id].set(form, (forms[id].get(form) ?? 0) + 1);
      // A capital that opens a sentence says nothing about a name.
      if (token.pos === 'PROPN' && CAPITAL.test(token.text) && token !== opening)
        names[id].set(token.text, (names[id].get(token.text) ?? 0) + 1);
      sequence.push(id);
    }
    for (let i = 0; i < sequence.length; i += 1) {
      for (let j = i + 1; j < Math.min(sequence.length, i + window); j += 1) {
        if (sequence[i] !== sequence[j]) graph.link(sequence[i], sequence[j], 1);
      }
    }
  }
  if (terms.length === 0) return [];
  const scores = pageRank(graph.build(terms.length));
  const best = scores.reduce((a, b) => Math.max(a, b), 0);
  return terms
    .map((term, i) => ({
      term: nameOf(forms[i], names[i]) ?? shown(term, forms[i]),
      score: roundTo(scores[i] / best, 3),
    }))
    .sort((a, b) => b.score - a.score || compareText(a.term, b.term))
    .slice(0, max);
}

/** A name's spelling (`Chelsea`, not `chelsea`) when most of the term's occurrences are capitalised proper nouns. */
function nameOf(forms: ReadonlyMap<string, number>, names: ReadonlyMap<string, number>): string | null {
  let total = 0;
  for (const n of forms.values()) total += n;
  let [best, count, proper] = ['', 0, 0];
  for (const [name, n] of names) {
    proper += n;
    if (n > count) [best, count] = [name, n];
  }
  return proper * 2 > total ? best : null;
}

/** The lemma when some written form starts with it, else the form written most often (the first of equals). */
function shown(lemma: string, forms: ReadonlyMap<string, number>): string {
  let best = lemma;
  let count = 0;
  for (const [form, n] of forms) {
    if (form.startsWith(lemma)) return lemma;
    if (n > count) [best, count] = [form, n];
  }
  return best;
}
