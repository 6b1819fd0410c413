import { extractNamedEntities } from './entities';

// `Arsenal`, opening the text's first sentence and never mentioned again, is not told from an ordinary word.
const MATCH_REPORT =
  'Arsenal beat Chelsea 2-1 at the Emirates Stadium on Saturday night. Mikel Arteta said the win over Chelsea FC ' +
  'was deserved. Bukayo Saka scored twice in London. The Premier League confirmed the result. Saka said Arteta was right.';

const names = (text: string) => extractNamedEntities(text).map((e) => `${e.text}:${e.type}:${e.count}`);

describe('extractNamedEntities', () => {
  it('finds people, organisations, places and dates, folding short mentions into the full name', () => {
    expect(extractNamedEntities(MATCH_REPORT)).toEqual([
      { text: 'Chelsea FC', type: 'organisation', count: 2, firstSentence: 0 },
      { text: 'Mikel Arteta', type: 'person', count: 2, firstSentence: 1 },
      { text: 'Bukayo Saka', type: 'person', count: 2, firstSentence: 2 },
      { text: 'Emirates Stadium', type: 'place', count: 1, firstSentence: 0 },
      { text: 'Saturday', type: 'date', count: 1, firstSentence: 0 },
      { text: 'London', type: 'place', count: 1, firstSentence: 2 },
      { text: 'Premier League', type: 'organisation', count: 1, firstSentence: 3 },
    ]);
  });

  it('types by the words around a name: a title, a verb of saying, a preposition of place', () => {
    expect(names('President Abraham Lincoln spoke at Gettysburg, Pennsylvania. Lincoln was tired.')).toEqual([
      'Abraham Lincoln:person:2',
      'Gettysburg:place:1',
      'Pennsylvania:place:1',
    ]);
    expect(names('Microsoft Corp and the University of Oxford signed a deal with Google.')).toEqual([
      'Microsoft Corp:organisation:1',
      'University of Oxford:organisation:1',
      'Google:organisation:1',
    ]);
  });

  it('keeps amounts and shares, and counts of two digits or more, but not small or spelled-out counts', () => {
    expect(
      names('The deal is worth $4.2 million, up 12% on 2023, with 3 partners, two banks and 1,200 staff.'),
    ).toEqual(['$4.2 million:number:1', '12%:number:1', '2023:date:1', '1,200:number:1']);
  });

  it('leaves out code identifiers, file names and capitalised words that open sentences only', () => {
    expect(
      names(
        'The OrchestrationFacadeModule lives in index.ts. Now the Parser runs. Parser output goes to now-ready queues.',
      ),
    ).toEqual(['Parser:other:2']);
  });

  it('takes a name followed by a role for an organisation', () => {
    expect(names('Chelsea manager Enzo Maresca was angry. Acme spokeswoman Jo Bell said so.')).toEqual([
      'Chelsea:organisation:1',
      'Enzo Maresca:person:1',
      'Acme:organisation:1',
      'Jo Bell:person:1',
    ]);
  });

  it('keeps an acronym and its number together, and reads month names as parts of dates', () => {
    expect(names('PEP 659 came with Python in October. RFC 9110 followed.')).toEqual([
      'PEP 659:other:1',
      'Python:other:1',
      'October:date:1',
      'RFC 9110:other:1',
    ]);
  });

  it('folds a first name into the one full name it starts, and keeps a count that starts a date with it', () => {
    expect(
      names('Joel Klecker maintained glibc. Joel also ported it. Four score and seven years ago it began.'),
    ).toEqual(['Joel Klecker:person:2', 'Four score and seven years ago:date:1']);
  });

  it('returns at most `max`, most mentioned first', () => {
    expect(extractNamedEntities(MATCH_REPORT, { max: 2 }).map((e) => e.text)).toEqual(['Chelsea FC', 'Mikel Arteta']);
  });

  it('finds nothing in text without names', () => {
    expect(extractNamedEntities('the cat sat on the mat. it was warm.')).toEqual([]);
  });
});
