import type { ParsedText } from '../analysis/analysis.types';
import { pickDistinct, rankSentences } from '../analysis/summary';

/** Key points listed at most. */
export const KEY_POINTS = 5;
/** A sentence longer than this reads as a paragraph, not a point, and is passed over. */
const MAX_POINT_CHARS = 280;

/**
 * Statements beyond the summary, one per main topic: for each topic in turn, the best-ranked sentence that
 * mentions it, is not in the summary, does not repeat a sentence already taken and is short enough to read as a
 * point. In document order; up to {@link KEY_POINTS}.
 */
export function keyPoints(parsed: ParsedText, summaryIndexes: readonly number[], topics: readonly string[]): string[] {
  const ranked = rankSentences(parsed).filter((r) => r.sentence.text.length <= MAX_POINT_CHARS);
  const inSummary = ranked.filter((r) => summaryIndexes.includes(r.sentence.index));
  const taken = [...inSummary];
  for (const topic of topics) {
    if (taken.length - inSummary.length === KEY_POINTS) break;
    const needle = topic.toLowerCase();
    const about = ranked.filter((r) => r.sentence.text.toLowerCase().includes(needle));
    const [best] = pickDistinct(about, 1, taken);
    if (best) taken.push(ranked.find((r) => r.sentence === best)!);
  }
  return taken
    .slice(inSummary.length)
    .map((r) => r.sentence)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.text);
}
