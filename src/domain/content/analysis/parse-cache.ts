import type { ParsedText } from './analysis.types';
import { parseText } from './nlp';

/** How many recent texts keep their parse (a run's transcript, its summary input, and those of concurrent runs). */
export const PARSES_KEPT = 8;

const parses = new Map<string, ParsedText>();

/**
 * {@link parseText} with the parses of the last {@link PARSES_KEPT} texts kept, so every analysis of a run — the
 * transcript's sentence index, keywords, sentiment, claims, fallacies, summary — shares one parse of the text,
 * even while runs interleave. Parses are treated as immutable by every reader.
 */
export function cachedParse(text: string): ParsedText {
  const parsed = parses.get(text) ?? parseText(text);
  parses.delete(text);
  // Re-inserted as the newest; the oldest goes once the map is full.
  parses.set(text, parsed);
  if (parses.size > PARSES_KEPT) parses.delete(parses.keys().next().value as string);
  return parsed;
}
