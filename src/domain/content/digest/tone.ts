import type { ParsedText, Sentiment } from '../analysis/analysis.types';
import type { Tone } from './digest.types';

/** Sentences shown as driving the tone. */
export const TONE_DRIVERS = 3;

/**
 * The tone with the sentences behind it: for a positive or negative text, its {@link TONE_DRIVERS} most strongly
 * positive or negative sentences; for a neutral one, the strongest of each side. In document order.
 */
export function toneOf(parsed: ParsedText, sentiment: Sentiment, show: (text: string) => string): Tone {
  const bySign = (sign: 1 | -1, n: number) =>
    parsed.sentences
      .filter((s) => Math.sign(s.sentiment) === sign)
      .sort((a, b) => sign * (b.sentiment - a.sentiment) || a.index - b.index)
      .slice(0, n);
  const chosen =
    sentiment.label === 'positive'
      ? bySign(1, TONE_DRIVERS)
      : sentiment.label === 'negative'
        ? bySign(-1, TONE_DRIVERS)
        : [...bySign(1, 1), ...bySign(-1, 1)];
  return {
    label: sentiment.label,
    score: sentiment.score,
    drivers: chosen
      .sort((a, b) => a.index - b.index)
      .map((s) => ({ text: show(s.text), polarity: Math.round(s.sentiment * 1000) / 1000 })),
  };
}
