import { analyzeText, parseText, summarize } from '../../src/domain/content/analysis';
import type { SystemEntity } from './metrics';

/** What the evaluation reads from the system under test for one document. */
export interface SystemOutput {
  readonly summary: string;
  readonly entities: readonly SystemEntity[];
}

/**
 * The system under test: the summary and the entities the service gives for a document's text. Everything else in
 * the evaluation is independent of how they are computed. For now: the TextRank summary (`summarize`, its default
 * length) and the entities of `analyzeText` (wink's: dates, numbers, money, …).
 */
export function systemOutput(text: string): SystemOutput {
  const parsed = parseText(text);
  return {
    summary: summarize(parsed).summary,
    entities: analyzeText(parsed).entities.map(({ text: entity, type }) => ({ text: entity, type })),
  };
}
