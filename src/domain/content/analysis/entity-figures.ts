import type { ParsedEntity } from './analysis.types';
import type { EntityKind, NamedEntity } from './entities';

/** An entity while it is being counted: `at` is the offset of its first mention, for ordering. */
export type Counted = NamedEntity & { readonly at: number };

/** wink's entity types kept as numbers: amounts, shares and counts written in figures. */
const NUMBER_TYPES = new Set(['MONEY', 'PERCENT', 'CARDINAL']);
/** A figure that matters: two digits or more, or any amount or share (`$5`, `7%`). */
const MATTERS = /[1-9].*\d|[$€£¥%]|\bper ?cent\b/iu;

/** What may stand between a count and the date it starts (`Four` score and `seven years ago`). */
const COUNT_JOINER = /^(?:\s+(?:score|dozen|hundred|thousand|and))+\s+$/iu;

/**
 * wink's dates with the count that starts them: a number followed, through number words and `and`, by a date is one
 * date (`Four score and seven years ago`, `two hundred and fifty years ago`).
 */
export function joinCountedDates(text: string, entities: readonly ParsedEntity[]): ParsedEntity[] {
  const out: ParsedEntity[] = [];
  for (const e of entities) {
    const before = out[out.length - 1];
    if (
      e.type === 'DATE' &&
      before?.type === 'CARDINAL' &&
      before.sentenceIndex === e.sentenceIndex &&
      COUNT_JOINER.test(text.slice(before.end, e.start))
    )
      out[out.length - 1] = { ...e, start: before.start, text: text.slice(before.start, e.end) };
    else out.push(e);
  }
  return out;
}

/** Dates and the figures that matter, one entry per spelling ignoring case. */
export function figureEntities(entities: readonly ParsedEntity[]): Counted[] {
  const byKey = new Map<string, { text: string; type: EntityKind; count: number; firstSentence: number; at: number }>();
  for (const e of entities) {
    const type: EntityKind | null =
      e.type === 'DATE' ? 'date' : NUMBER_TYPES.has(e.type) && MATTERS.test(e.text) ? 'number' : null;
    if (!type) continue;
    const key = e.text.toLowerCase();
    const seen = byKey.get(key);
    if (seen) seen.count += 1;
    else byKey.set(key, { text: e.text, type, count: 1, firstSentence: e.sentenceIndex, at: e.start });
  }
  return [...byKey.values()];
}
