import type { ParsedText } from '../analysis/analysis.types';
import type { DigestEntity, Quote } from './digest.types';

/** Quotes listed at most. */
export const QUOTES = 5;
/** A quoted stretch shorter than this many words is a term or a title, not a quote. */
const MIN_QUOTE_WORDS = 5;
const QUOTED = /“([^”]{10,600})”|"([^"\n]{10,600})"/gu;
const SAYING = /\b(?:said|says|told|added|wrote|asked|argued|explained)\b/iu;

/**
 * Quoted passages of {@link MIN_QUOTE_WORDS} words or more, in document order, up to {@link QUOTES}. The speaker is
 * the person named in the quote's sentence beside a verb of saying (`…,” said Mikel Arteta`), matched by full or
 * last name; otherwise null, rather than a guess.
 */
export function findQuotes(parsed: ParsedText, entities: readonly DigestEntity[]): Quote[] {
  const people = entities.filter((e) => e.type === 'person');
  const quotes: Quote[] = [];
  for (const match of parsed.text.matchAll(QUOTED)) {
    if (quotes.length === QUOTES) break;
    const text = (match[1] ?? match[2]).trim();
    if (text.split(/\s+/).length < MIN_QUOTE_WORDS) continue;
    const at = match.index ?? 0;
    // The sentence holding the quote's first word (the opening mark may sit just before wink's sentence start).
    const sentence = parsed.sentences.find((s) => s.start <= at + 1 && at + 1 < s.end);
    quotes.push({ text, speaker: sentence ? speakerIn(sentence.text.replace(text, ''), people) : null });
  }
  return quotes;
}

function speakerIn(rest: string, people: readonly DigestEntity[]): string | null {
  if (!SAYING.test(rest)) return null;
  const named = people.find((p) => rest.includes(p.text) || rest.includes(p.text.split(' ').pop()!));
  return named?.text ?? null;
}
