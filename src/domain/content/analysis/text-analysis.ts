import type { EntityCount, ParsedText, TextAnalysis, TextInput } from './analysis.types';
import { compareText } from './compare-text';
import { extractKeywords } from './keywords';
import { toParsed } from './nlp';
import { roundTo } from './rounding';

const WORDS_PER_MINUTE = 200;

/**
 * Counts, keywords (TextRank, see `extractKeywords`), entities and reading time of a text.
 * Words are word tokens, with a contraction's pieces counted once (`don't` is one word); numbers, symbols and
 * punctuation are not words.
 *
 * @example
 * analyzeText('The bakery opened in 2019. It sells 40 loaves a day.').sentences; // 2
 */
export function analyzeText(input: TextInput): TextAnalysis {
  const parsed = toParsed(input);
  const words = countWords(parsed);
  return {
    words,
    sentences: parsed.sentences.length,
    characters: parsed.text.length,
    keywords: extractKeywords(parsed),
    entities: countEntities(parsed),
    readingMinutes: roundTo(words / WORDS_PER_MINUTE, 1),
  };
}

function countWords(parsed: ParsedText): number {
  let words = 0;
  for (const sentence of parsed.sentences) {
    let previousWordEnd = -1;
    for (const token of sentence.tokens) {
      if (token.type !== 'word') continue;
      // wink splits `don't` into `do` + `n't`: a word token glued to the one before continues it.
      if (token.start !== previousWordEnd) words += 1;
      previousWordEnd = token.end;
    }
  }
  return words;
}

/** wink's entities, one per text ignoring case (first spelling and type kept), most frequent first, then by text. */
function countEntities(parsed: ParsedText): EntityCount[] {
  const byKey = new Map<string, { text: string; type: string; count: number }>();
  for (const entity of parsed.entities) {
    const key = entity.text.toLowerCase();
    const seen = byKey.get(key);
    if (seen) seen.count += 1;
    else byKey.set(key, { text: entity.text, type: entity.type, count: 1 });
  }
  return [...byKey.values()].sort(
    (a, b) => b.count - a.count || compareText(a.text.toLowerCase(), b.text.toLowerCase()),
  );
}
