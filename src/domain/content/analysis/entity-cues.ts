import nlp from 'compromise';

/**
 * The cues that give a proper-noun span its kind. A span's own last or first word says most (`… FC`, `University
 * of …`, `… Street`); the word before it says the rest (`Dr …`, `in …`); what neither settles, compromise's English
 * lexicon of first names, places and organisations decides.
 */

const wordSet = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

/** A span ending in one of these names an organisation (`Chelsea FC`, `Microsoft Corp`, `Premier League`). */
export const ORGANISATION_LAST = wordSet(`
  inc corp corporation ltd llc lp llp plc co gmbh ag sa fc afc club united university college school academy
  council committee party bank association league federation foundation institute agency department
  ministry company group union society commission court senate congress parliament assembly army navy
  police hospital museum press times post news network labs systems technologies project
  administration office bureau service board church team organization organisation
`);

/** A span starting with one of these names an organisation (`University of Oxford`, `Bank of England`). */
export const ORGANISATION_FIRST = wordSet(`
  university bank department ministry bureau house office
`);

/** A span ending in one of these names a place (`Emirates Stadium`, `Baker Street`, `Hudson River`). */
export const PLACE_LAST = wordSet(`
  street st road rd avenue ave boulevard lane square stadium arena park river lake mountain mountains
  island islands bay valley county province city state bridge airport station harbour harbor coast sea
  ocean desert forest hill hills
`);

/** A span starting with one of these names a place (`Mount Everest`, `Lake Geneva`, `Fort Sumter`). */
export const PLACE_FIRST = wordSet(`
  mount lake fort port cape isle saint
`);

/** A span right after one of these names a person (`Dr Smith`, `President Lincoln`, `coach Arteta`). */
export const PERSON_BEFORE = wordSet(`
  mr mrs ms miss dr prof professor sir dame lord lady president senator sen governor gov judge justice
  king queen prince princess pope general gen captain capt coach manager minister chancellor mayor rev
  reverend father sister saint st officer detective inspector chairman chairwoman ceo founder author
  striker midfielder defender goalkeeper player singer actor actress director
`);

/** A span right before one of these names an organisation (`Chelsea manager …`, `Acme spokeswoman …`). */
export const ORGANISATION_BEFORE_ROLE = wordSet(`
  manager coach boss chairman chairwoman fans supporters captain players squad striker midfielder defender
  goalkeeper spokesman spokeswoman spokesperson executive chief ceo owner owners board shareholders employees staff
`);

/** A multi-word span right before one of these names a person (`Mikel Arteta said`). */
export const PERSON_AFTER = wordSet(`
  said says told added wrote argued explained recalled
`);

/**
 * A span right after one of these, not otherwise typed, names a place (`in London`, `at Gettysburg`). `to`, `from`
 * and `by` are left out: they come before people as often (`thanks to …`, `a letter from …`).
 */
export const PLACE_BEFORE = wordSet(`
  in at near across outside inside into towards
`);

/**
 * The words an organisation's name may drop and stay the same organisation (`Chelsea` for `Chelsea FC`, `Acme` for
 * `Acme Ltd`); any other word makes a different one (`Debian`, `Debian Linux Association`).
 */
export const DROPPABLE_SUFFIX = wordSet(`
  fc afc cf sc ltd inc corp corporation plc llc lp llp co gmbh ag sa club company group
`);

/** Month and weekday names: parts of dates, never names on their own. */
export const CALENDAR_WORDS = wordSet(`
  january february march april may june july august september october november december jan feb mar apr jun jul
  aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
`);

export type LexiconKind = 'person' | 'place' | 'organisation' | null;

const LEXICON_KEPT = 4096;
const lexicon = new Map<string, LexiconKind>();

/**
 * What compromise's lexicon makes of a span on its own: a person, a place, an organisation or nothing. Answers are
 * kept for the last {@link LEXICON_KEPT} spans, since names recur across runs.
 */
export function lexiconKind(span: string): LexiconKind {
  const known = lexicon.get(span);
  if (known !== undefined) return known;
  const doc = nlp(span);
  const kind: LexiconKind = doc.organizations().found
    ? 'organisation'
    : doc.places().found
      ? 'place'
      : doc.people().found
        ? 'person'
        : null;
  lexicon.set(span, kind);
  if (lexicon.size > LEXICON_KEPT) lexicon.delete(lexicon.keys().next().value as string);
  return kind;
}

const firstNames = new Map<string, boolean>();

/** Whether compromise's lexicon lists the word as a first name (`Mikel`, `Abraham`); answers kept like {@link lexiconKind}'s. */
export function isFirstName(word: string): boolean {
  const known = firstNames.get(word);
  if (known !== undefined) return known;
  const answer = nlp(word).has('#FirstName');
  firstNames.set(word, answer);
  if (firstNames.size > LEXICON_KEPT) firstNames.delete(firstNames.keys().next().value as string);
  return answer;
}
