import {
  CLAIM_REASONS,
  type Claim,
  type ClaimReason,
  type ParsedEntity,
  type ParsedSentence,
  type TextInput,
} from './analysis.types';
import { anyOf } from './cue-pattern';
import { toParsed } from './nlp';
import { roundTo } from './rounding';

export interface ClaimOptions {
  /** Most claims to return; default 10. */
  readonly max?: number;
}

/**
 * Weight of each reason in a claim's score (the sum is capped at 1). Figures weigh most: a number or percentage is
 * what a fact check can verify; names, dates and comparisons anchor the statement; superlatives, causes and
 * quantity words alone are weaker signals.
 */
export const CLAIM_WEIGHTS: Readonly<Record<ClaimReason, number>> = {
  number: 0.3,
  percentage: 0.35,
  named_entity: 0.2,
  comparison: 0.25,
  superlative: 0.2,
  causal: 0.2,
  quantity_word: 0.15,
  date: 0.2,
};

const MIN_WORDS = 5;

const CUES: Partial<Record<ClaimReason, RegExp>> = {
  percentage: anyOf(/%/, /\bper(?:cent| cent)\b/, /\bpercentage points?\b/),
  comparison: anyOf(
    // "cheaper to run than", but not "rather than" or "other than".
    /\b(?!rather\b|other\b)(?:[a-z]+er|more|less|fewer) (?:[a-z]+ ){0,3}?than\b/,
    /\bcompared (?:to|with)\b/,
    /\b(?:twice|three times|half) as\b/,
    /\b(?:increased|decreased|rose|fell|dropped|grew|doubled|halved) (?:by|from)\b/,
  ),
  superlative: anyOf(
    /\b(?:most|least|best|worst|largest|biggest|greatest|highest|lowest|smallest|fastest|slowest|oldest|newest)\b/,
    /\b(?:longest|shortest|strongest|weakest|richest|poorest|deadliest|safest|cheapest|hottest|coldest)\b/,
    /\brecord(?:-| )(?:high|low|breaking|levels?|numbers?)\b/,
    /\bof all time\b/,
  ),
  causal: anyOf(
    /\b(?:because|due to|owing to|thanks to|caused|causes|causing|leads? to|led to|results? in|resulted in)\b/,
    /\b(?:as a result|therefore|consequently|responsible for|triggered)\b/,
  ),
  quantity_word: anyOf(
    /\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|twice|double[ds]?|triple[ds]?)\b/,
    /\b(?:majority|minority|average|nearly all|almost all)\b/,
  ),
};

const NUMERIC_ENTITIES: ReadonlySet<string> = new Set(['CARDINAL', 'ORDINAL', 'MONEY']);
const DATE_ENTITIES: ReadonlySet<string> = new Set(['DATE', 'TIME']);
// wink also tags "at night" or "in summer" as times; only a date that pins the statement down makes it checkable.
const YEAR = /\b(?:1[5-9]|20)\d\d\b/;
const SPECIFIC_DATE = /\d|\p{Lu}|\b(?:year|month|week|decade|century|yesterday|today|tomorrow)\b/u;

/**
 * Check-worthy sentences: statements with figures, names, dates, comparisons, superlatives, causes or quantity
 * words. A sentence's score is the sum of `CLAIM_WEIGHTS` of its reasons, capped at 1 and rounded to three
 * decimals. Questions, sentences under five words (numbers count as words) and sentences with no reason are left
 * out. Ranked by score, then by position in the text; at most `max` (default 10).
 *
 * Reasons: `number` a figure other than a date or percentage (a digit token, a spelled number, money);
 * `percentage` `%`, "percent"; `named_entity` a proper noun other than the sentence's first word;
 * `date` a date or time wink recognises that has a digit, a capitalised name or a year, month, week…
 * reference ("last year", "on Monday"; not "at night"); the rest are cue words matched case-insensitively.
 *
 * @example
 * extractClaims('Exports rose 12% in 2023, the largest gain since 1990.')[0].reasons;
 * // ['percentage', 'superlative', 'date']
 */
export function extractClaims(input: TextInput, options: ClaimOptions = {}): Claim[] {
  const { max = 10 } = options;
  const parsed = toParsed(input);
  const entitiesBySentence = new Map<number, ParsedEntity[]>();
  for (const entity of parsed.entities) {
    const list = entitiesBySentence.get(entity.sentenceIndex) ?? [];
    list.push(entity);
    entitiesBySentence.set(entity.sentenceIndex, list);
  }
  const claims: Claim[] = [];
  for (const sentence of parsed.sentences) {
    if (isQuestion(sentence) || wordCount(sentence) < MIN_WORDS) continue;
    const found = reasonsOf(sentence, entitiesBySentence.get(sentence.index) ?? []);
    if (found.size === 0) continue;
    const reasons = CLAIM_REASONS.filter((reason) => found.has(reason));
    const score = roundTo(
      Math.min(
        1,
        reasons.reduce((sum, reason) => sum + CLAIM_WEIGHTS[reason], 0),
      ),
      3,
    );
    const { text, index: sentenceIndex, start, end } = sentence;
    claims.push({ text, sentenceIndex, start, end, score, reasons });
  }
  return claims.sort((a, b) => b.score - a.score || a.sentenceIndex - b.sentenceIndex).slice(0, max);
}

function reasonsOf(sentence: ParsedSentence, entities: readonly ParsedEntity[]): Set<ClaimReason> {
  const reasons = new Set<ClaimReason>();
  // Dates, times and percentages: the figures and names inside them count as that, not as numbers or names.
  const covered: ParsedEntity[] = [];
  for (const entity of entities) {
    if (DATE_ENTITIES.has(entity.type) || entity.type === 'PERCENT' || isYearSpan(entity)) covered.push(entity);
    if (isSpecificDate(entity)) reasons.add('date');
    else if (entity.type === 'PERCENT') reasons.add('percentage');
    else if (NUMERIC_ENTITIES.has(entity.type)) reasons.add('number');
  }
  sentence.tokens.forEach((token, i) => {
    if (covered.some((e) => token.start >= e.start && token.start < e.end)) return;
    if (token.type === 'number' || token.pos === 'NUM') reasons.add('number');
    // The tagger calls many capitalised first words proper nouns (`Critics`, `Trees`); a name there is usually
    // followed by more of itself (`John Smith`), which still counts.
    else if (i > 0 && token.pos === 'PROPN' && token.type === 'word' && /^\p{Lu}/u.test(token.text)) {
      reasons.add('named_entity');
    }
  });
  for (const [reason, cue] of Object.entries(CUES) as [ClaimReason, RegExp][]) {
    if (cue.test(sentence.text)) reasons.add(reason);
  }
  return reasons;
}

function isSpecificDate(entity: ParsedEntity): boolean {
  return (DATE_ENTITIES.has(entity.type) && SPECIFIC_DATE.test(entity.text)) || isYearSpan(entity);
}

/** wink calls "since 2019" a duration; anchored to a year, it is as checkable as a date. */
function isYearSpan(entity: ParsedEntity): boolean {
  return entity.type === 'DURATION' && YEAR.test(entity.text);
}

function isQuestion(sentence: ParsedSentence): boolean {
  return sentence.text
    .trimEnd()
    .replace(/["'”’)\]]+$/u, '')
    .endsWith('?');
}

function wordCount(sentence: ParsedSentence): number {
  return sentence.tokens.filter((t) => t.type === 'word' || t.type === 'number').length;
}
