import type { ParsedSentence, Sentiment, TextInput } from './analysis.types';
import { toParsed } from './nlp';
import { roundTo } from './rounding';

/** Scores above this are positive, below its negation negative (the original report's threshold). */
const THRESHOLD = 0.1;

/**
 * The tone of a text from wink's sentence sentiment (mean polarity of a sentence's sentiment-bearing words,
 * negation applied). The text's score is the mean of its sentence scores weighted by their word counts, not wink's
 * unweighted document score: a short "Thanks!" before a long complaint should not cancel the complaint, and with
 * weights the score reflects how much of the text carries each tone. Rounded to three decimals, within [−1, 1].
 * The label is positive above 0.1, negative below −0.1, else neutral; a sentence counts as positive or negative by
 * the same thresholds.
 *
 * @example
 * analyzeSentiment('What a wonderful, friendly place.').label; // 'positive'
 */
export function analyzeSentiment(input: TextInput): Sentiment {
  const { sentences } = toParsed(input);
  let weighted = 0;
  let totalWeight = 0;
  for (const sentence of sentences) {
    const weight = weightOf(sentence);
    weighted += weight * sentence.sentiment;
    totalWeight += weight;
  }
  const score = roundTo(Math.min(1, Math.max(-1, totalWeight === 0 ? 0 : weighted / totalWeight)), 3);
  return {
    label: score > THRESHOLD ? 'positive' : score < -THRESHOLD ? 'negative' : 'neutral',
    score,
    positiveSentences: sentences.filter((s) => s.sentiment > THRESHOLD).length,
    negativeSentences: sentences.filter((s) => s.sentiment < -THRESHOLD).length,
  };
}

/** Word and number tokens; at least 1 so a sentence of symbols still counts. */
function weightOf(sentence: ParsedSentence): number {
  let words = 0;
  for (const token of sentence.tokens) if (token.type === 'word' || token.type === 'number') words += 1;
  return Math.max(1, words);
}
