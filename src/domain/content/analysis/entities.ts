import type { ParsedEntity, ParsedSentence, ParsedToken, TextInput } from './analysis.types';
import {
  CALENDAR_WORDS,
  DROPPABLE_SUFFIX,
  isFirstName,
  lexiconKind,
  ORGANISATION_BEFORE_ROLE,
  ORGANISATION_FIRST,
  ORGANISATION_LAST,
  PERSON_AFTER,
  PERSON_BEFORE,
  PLACE_BEFORE,
  PLACE_FIRST,
  PLACE_LAST,
} from './entity-cues';
import { figureEntities, joinCountedDates, type Counted } from './entity-figures';
import { toParsed } from './nlp';

export const ENTITY_KINDS = ['person', 'organisation', 'place', 'date', 'number', 'other'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** A distinct named entity of a text: its fullest spelling, its kind and how often it is mentioned. */
export interface NamedEntity {
  readonly text: string;
  readonly type: EntityKind;
  /** Mentions, shortened ones included (`Arteta` after `Mikel Arteta`, `Chelsea` beside `Chelsea FC`). */
  readonly count: number;
  /** The sentence of the first mention. */
  readonly firstSentence: number;
}

export interface EntityOptions {
  /** At most this many, most mentioned first, then in order of first mention (default 25). */
  readonly max?: number;
}

/** Words that may join proper nouns inside one name (`University of Oxford`, `Leonardo da Vinci`). */
const JOINERS = new Set(['of', 'de', 'da', 'del', 'der', 'van', 'von', 'la', 'le', 'du', 'bin', 'al', '&']);
/** wink's entity types whose words belong to a date, not to a name (`Saturday`, `April`). */
const TIME_TYPES = new Set(['DATE', 'TIME', 'DURATION']);
const CAPITAL = /^\p{Lu}/u;
const TITLE_CASE = /^\p{Lu}\p{Ll}+$/u;
const ACRONYM = /^\p{Lu}{2,6}$/u;
/**
 * An identifier in code, not a name: three or more capitalised humps (`OrchestrationFacadeModule`) or an
 * underscore. Two humps are left to be names (`GitHub`, `MongoDB`, `McDonald`).
 */
const CODE = /\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+\p{Lu}|_/u;
/**
 * A character that glues a token to its neighbour as part of one identifier, path or address (after a token,
 * only when a letter or digit follows it: `London.` ends a sentence, `index.ts` is a file).
 */
const GLUED = /[\p{L}\p{N}_./:@-]/u;

interface Mention {
  readonly text: string;
  readonly at: number;
  readonly words: readonly string[];
  readonly sentence: number;
  readonly before: string;
  readonly after: string;
  readonly initial: boolean;
}

/**
 * The people, organisations, places, dates and figures a text names, with mention counts. Names are runs of
 * proper nouns (wink's part-of-speech tags), joined across `of`, `de`, `van`, …; a title before a name is not
 * part of it. A name's kind comes from its own words (`… FC`, `University of …`, `… Street`), then a role after it
 * (`… manager`, `… spokeswoman`: an organisation), then the word before or after it (`Dr …`, `… said`, `in …`), then compromise's lexicon; what none of them settles is `other`. A
 * shortened mention counts toward the full name it shortens (a person's last name, an organisation's first
 * words). A capitalised word that opens a sentence and is never used as a name elsewhere is left out, since
 * capitals there say nothing. Dates are wink's dates; numbers are amounts, percentages and counts written in
 * figures (amounts and shares always, counts of two or more digits: `two`, `3` are not entities that matter).
 *
 * @example
 * extractNamedEntities('Mikel Arteta praised Arsenal in London. Arteta said Arsenal FC earned it.');
 * // Mikel Arteta (person, 2), Arsenal FC (organisation, 2), London (place, 1)
 */
export function extractNamedEntities(input: TextInput, options: EntityOptions = {}): NamedEntity[] {
  const parsed = toParsed(input);
  const timeTokens = coveredStarts(parsed.entities.filter((e) => TIME_TYPES.has(e.type)));
  const mentions = parsed.sentences.flatMap((s) => nameMentions(s, timeTokens));
  const lowerCase = new Set(
    parsed.sentences.flatMap((s) =>
      s.tokens.filter((t) => t.type === 'word' && t.text === t.normal).map((t) => t.normal),
    ),
  );
  const names = typeNames(mentions, lowerCase);
  // A figure inside a name (`PEP 659`) belongs to the name.
  const inNames = (e: ParsedEntity) => mentions.some((m) => e.start >= m.at && e.end <= m.at + m.text.length);
  const figures = figureEntities(joinCountedDates(parsed.text, parsed.entities).filter((e) => !inNames(e)));
  return [...names, ...figures]
    .sort((a, b) => b.count - a.count || a.at - b.at)
    .slice(0, options.max ?? 25)
    .map(({ text, type, count, firstSentence }) => ({ text, type, count, firstSentence }));
}

function coveredStarts(entities: readonly ParsedEntity[]): Set<number> {
  return new Set(entities.map((e) => e.start));
}

function nameMentions(sentence: ParsedSentence, timeTokens: ReadonlySet<number>): Mention[] {
  const tokens = sentence.tokens;
  const at = (offset: number) => sentence.text.charAt(offset - sentence.start);
  const isName = (t: ParsedToken) =>
    t.pos === 'PROPN' &&
    t.type === 'word' &&
    CAPITAL.test(t.text) &&
    !CODE.test(t.text) &&
    !timeTokens.has(t.start) &&
    !CALENDAR_WORDS.has(t.normal) &&
    !GLUED.test(at(t.start - 1)) &&
    !(GLUED.test(at(t.end)) && /[\p{L}\p{N}]/u.test(at(t.end + 1)));
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isName(tokens[i]) || PERSON_BEFORE.has(tokens[i].normal.replace(/\.$/, ''))) {
      i += 1;
      continue;
    }
    let end = i + 1;
    while (end < tokens.length) {
      if (isName(tokens[end])) end += 1;
      else if (JOINERS.has(tokens[end].normal) && end + 1 < tokens.length && isName(tokens[end + 1])) end += 2;
      else break;
    }
    // An acronym's numbered item is one name (`PEP 659`, `RFC 9110`, `ISO 8601`).
    if (end === i + 1 && ACRONYM.test(tokens[i].text) && /^\d{1,5}$/u.test(tokens[end]?.text ?? '')) end += 1;
    const run = tokens.slice(i, end);
    mentions.push({
      text: sentence.text.slice(run[0].start - sentence.start, run[run.length - 1].end - sentence.start),
      at: run[0].start,
      words: run.map((t) => t.normal),
      sentence: sentence.index,
      before: i > 0 ? tokens[i - 1].normal.replace(/\.$/, '') : '',
      after: end < tokens.length ? tokens[end].normal : '',
      initial: i === 0 || (i === 1 && tokens[0].type === 'punctuation'),
    });
    i = end;
  }
  return mentions;
}

interface Name {
  text: string;
  key: string;
  words: readonly string[];
  type: EntityKind;
  count: number;
  firstSentence: number;
  at: number;
  /** Looks like an ordinary word: dropped unless it shortens a full name. */
  ordinary: boolean;
  /** A mention stands beside a person's cue (`Dr …`, `… said`). */
  personCue: boolean;
  /** The first word is a first name in compromise's lexicon. */
  firstName: boolean;
}

function typeNames(mentions: readonly Mention[], lowerCase: ReadonlySet<string>): Counted[] {
  const byKey = new Map<string, { mentions: Mention[] }>();
  for (const m of mentions) {
    const key = m.words.join(' ');
    const seen = byKey.get(key);
    if (seen) seen.mentions.push(m);
    else byKey.set(key, { mentions: [m] });
  }
  const names: Name[] = [];
  for (const [key, { mentions: ms }] of byKey) {
    if (ms[0].text.length < 2) continue;
    names.push({
      text: longestSpelling(ms),
      key,
      words: ms[0].words,
      type: kindOf(ms),
      count: ms.length,
      firstSentence: ms[0].sentence,
      at: ms[0].at,
      ordinary:
        ms.every((m) => m.initial) &&
        ms[0].words.length === 1 &&
        !ms.some((m) => ORGANISATION_BEFORE_ROLE.has(m.after)) &&
        ordinaryWord(ms, key, lowerCase),
      personCue: ms.some((m) => PERSON_BEFORE.has(m.before) || PERSON_AFTER.has(m.after)),
      firstName: ms[0].words.length > 1 && isFirstName(ms[0].text.split(' ')[0]),
    });
  }
  return mergeShortForms(names);
}

/**
 * A lone capitalised word that only opens sentences is taken for an ordinary word when the text also writes it in
 * lower case, or when it opens a single sentence and the lexicon does not know it as a name.
 */
const ordinaryWord = (ms: readonly Mention[], key: string, lowerCase: ReadonlySet<string>) =>
  lowerCase.has(key) || (ms.length === 1 && lexiconKind(ms[0].text) === null);

const longestSpelling = (ms: readonly Mention[]) => ms.reduce((a, m) => (m.text.length > a.length ? m.text : a), '');

function kindOf(ms: readonly Mention[]): EntityKind {
  const { words, text } = ms[0];
  const first = words[0];
  const last = words[words.length - 1];
  if (ORGANISATION_LAST.has(last) || ORGANISATION_FIRST.has(first)) return 'organisation';
  if (ms.some((m) => ORGANISATION_BEFORE_ROLE.has(m.after))) return 'organisation';
  if (PLACE_LAST.has(last) || PLACE_FIRST.has(first)) return 'place';
  if (ms.some((m) => PERSON_BEFORE.has(m.before))) return 'person';
  if (words.length > 1 && ms.some((m) => PERSON_AFTER.has(m.after))) return 'person';
  const known = lexiconKind(text);
  if (known) return known;
  if (ms.some((m) => PLACE_BEFORE.has(m.before))) return 'place';
  return 'other';
}

/**
 * An untyped name of two or three words, also mentioned by its last word alone, is a person's when a mention of
 * either stands beside a person's cue or its first word is a first name (`Saka said …` → `Bukayo Saka`); without
 * that, a product or project named the same way (`Debian Linux`, `Linux`) is not taken for one.
 */
const looksLikePerson = (full: Name, short: Name) =>
  full.words.length <= 3 && TITLE_CASE.test(short.text) && (full.firstName || full.personCue || short.personCue);

/**
 * Folds a shortened mention into the full name it shortens: a one-word name that is a person's last word
 * (`Arteta` → `Mikel Arteta`) or first name (`Joel` → `Joel Klecker`), or an organisation's name without its legal or club suffix (`Chelsea` → `Chelsea
 * FC`; see `DROPPABLE_SUFFIX`). The full name takes the mentions; when one short form fits several full names, it
 * stays on its own.
 */
function mergeShortForms(names: Name[]): Counted[] {
  const absorbed = new Set<Name>();
  for (const short of names) {
    const fits = names.filter(
      (full) =>
        full !== short &&
        !full.ordinary &&
        full.words.length > short.words.length &&
        (full.type === 'person' || (full.type === 'other' && looksLikePerson(full, short))
          ? short.words.length === 1 &&
            (full.words[full.words.length - 1] === short.words[0] ||
              (full.words[0] === short.words[0] && isFirstName(short.text)))
          : full.type === 'organisation' &&
            full.words.length === short.words.length + 1 &&
            DROPPABLE_SUFFIX.has(full.words[full.words.length - 1]) &&
            short.words.every((w, i) => full.words[i] === w)),
    );
    if (fits.length !== 1) continue;
    const [full] = fits;
    full.count += short.count;
    if (full.type === 'other') full.type = 'person';
    full.firstSentence = Math.min(full.firstSentence, short.firstSentence);
    full.at = Math.min(full.at, short.at);
    absorbed.add(short);
  }
  return names
    .filter((n) => !absorbed.has(n) && !n.ordinary)
    .map(({ text, type, count, firstSentence, at }) => ({
      text,
      type,
      count,
      firstSentence,
      at,
    }));
}
