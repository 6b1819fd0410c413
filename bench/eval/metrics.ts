import { l as rougeLcs, n as rougeN } from 'js-rouge';
import type { EntityType, ListedEntity } from './corpus';

/** ROUGE F-scores (β = 1) of a summary against a reference, 0 to 1. */
export interface RougeScores {
  readonly r1: number;
  readonly r2: number;
  readonly rL: number;
}

/** An entity as a system reports it: its text and its type, in the system's own words (`PERSON`, `org`, …). */
export interface SystemEntity {
  readonly text: string;
  readonly type: string;
}

/** How a system's entities compare with a document's hand-made list. */
export interface EntityScores {
  /** Listed entities found / listed entities. */
  readonly recall: number;
  /** Reported people, organisations and places that are listed / those reported; `null` when it reported none. */
  readonly precision: number | null;
  /** The listed entities not found, by their listed text, in list order. */
  readonly missed: readonly string[];
  /** The people, organisations and places reported that match no listed entity, as reported, in report order. */
  readonly unlisted: readonly string[];
}

/**
 * Words for ROUGE: lower-cased runs of letters and digits, so punctuation, case and Markdown never count and every
 * system, baseline and reference is cut the same way (`Debian's 0.93R6` → `debian`, `s`, `0`, `93r6`). No stemming,
 * no stop-word removal.
 */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * ROUGE-1 and ROUGE-2 (clipped n-gram overlap) and ROUGE-L (js-rouge's summary-level union LCS over its sentence
 * split) F-scores of `candidate` against `reference`, both cut into words by {@link rougeTokens}. A side with no
 * words scores 0.
 *
 * @example rouge('The cat sat on the mat.', 'the cat lay on the mat') // { r1: 5/6, r2: 0.6, rL: 5/6 }
 */
export function rouge(candidate: string, reference: string): RougeScores {
  if (rougeTokens(candidate).length === 0 || rougeTokens(reference).length === 0) return { r1: 0, r2: 0, rL: 0 };
  const tokenizer = rougeTokens;
  return {
    r1: rougeN(candidate, reference, { n: 1, tokenizer }),
    r2: rougeN(candidate, reference, { n: 2, tokenizer }),
    rL: rougeLcs(candidate, reference, { tokenizer }),
  };
}

/** The entity types precision is computed over: those a typed entity extractor is asked for. */
const PRECISION_TYPES: ReadonlySet<EntityType> = new Set(['person', 'organisation', 'place']);

/** A system's type names, lower-cased, mapped to the corpus's types; anything else is `other`. */
const TYPE_NAMES: Readonly<Record<string, EntityType>> = {
  person: 'person',
  people: 'person',
  per: 'person',
  organisation: 'organisation',
  organization: 'organisation',
  org: 'organisation',
  place: 'place',
  location: 'place',
  loc: 'place',
  gpe: 'place',
  date: 'date',
  time: 'date',
  duration: 'date',
  number: 'number',
  cardinal: 'number',
  ordinal: 'number',
  money: 'number',
  percent: 'number',
  quantity: 'number',
};

/** The corpus type of a system's type name: `PERSON` and `people` → `person`, `GPE` → `place`, `DATE` → `date`. */
export function entityTypeOf(systemType: string): EntityType {
  return TYPE_NAMES[systemType.trim().toLowerCase()] ?? 'other';
}

/** Text for comparing entities: Unicode-normalised, lower-cased, runs of white space as one space, trimmed. */
export function entityKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Whether a system entity names a listed one: its text equals the listed text or an alias (see {@link entityKey}),
 * or, for a listed person, the last word of the listed text or of an alias of two words or more (`Lincoln` for
 * `Abraham Lincoln`). Types are not compared: a listed date is found by a system entity of any type.
 */
export function namesEntity(systemText: string, listed: ListedEntity): boolean {
  const key = entityKey(systemText);
  const names = [listed.text, ...(listed.aliases ?? [])].map(entityKey);
  if (names.includes(key)) return true;
  if (listed.type !== 'person') return false;
  return names.some((name) => {
    const words = name.split(' ');
    return words.length > 1 && words[words.length - 1] === key;
  });
}

/**
 * Entity recall and precision of a system's entities against a document's list.
 * Recall counts every listed entity, whatever its type (dates and numbers too, when the list holds them), as found
 * when some system entity names it ({@link namesEntity}). Precision counts only what the system reports as a person,
 * an organisation or a place ({@link entityTypeOf}), each distinct text once: the share of those that name some
 * listed entity. The dates and numbers a system reports are not held against it, since the list keeps only the few
 * that matter; a system that reports no person, organisation or place has no precision (`null`).
 */
export function scoreEntities(system: readonly SystemEntity[], listed: readonly ListedEntity[]): EntityScores {
  const found = listed.filter((entity) => system.some((s) => namesEntity(s.text, entity)));
  const typed = new Map<string, string>();
  for (const s of system) {
    if (PRECISION_TYPES.has(entityTypeOf(s.type)) && !typed.has(entityKey(s.text)))
      typed.set(entityKey(s.text), s.text);
  }
  const unlisted = [...typed.values()].filter((text) => !listed.some((entity) => namesEntity(text, entity)));
  return {
    recall: found.length / listed.length,
    precision: typed.size === 0 ? null : (typed.size - unlisted.length) / typed.size,
    missed: listed.filter((entity) => !found.includes(entity)).map((entity) => entity.text),
    unlisted,
  };
}
