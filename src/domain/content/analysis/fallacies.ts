import { FALLACY_TYPES, type Fallacy, type TextInput } from './analysis.types';
import { FALLACY_PATTERNS } from './fallacy-patterns';
import { toParsed } from './nlp';

/**
 * Sentences with cue phrases of logical fallacies (see `FALLACY_PATTERNS`; sixteen types). Each sentence reports
 * each type at most once, at its first cue. The span is the matched cue with offsets into the original text
 * (`text.slice(span.start, span.end) === span.text`). Ordered by sentence, then position, then type.
 *
 * @example
 * detectFallacies('Everyone knows the old way works.')[0].type; // 'appeal_to_popularity'
 */
export function detectFallacies(input: TextInput): Fallacy[] {
  const fallacies: Fallacy[] = [];
  for (const sentence of toParsed(input).sentences) {
    const found: Fallacy[] = [];
    for (const type of FALLACY_TYPES) {
      const { label, explanation, cue } = FALLACY_PATTERNS[type];
      const match = cue.exec(sentence.text);
      if (!match) continue;
      const start = sentence.start + match.index;
      found.push({
        type,
        label,
        sentenceIndex: sentence.index,
        span: { start, end: start + match[0].length, text: match[0] },
        sentence: sentence.text,
        explanation,
      });
    }
    // A stable sort keeps FALLACY_TYPES order for cues at the same position.
    fallacies.push(...found.sort((a, b) => a.span.start - b.span.start));
  }
  return fallacies;
}
