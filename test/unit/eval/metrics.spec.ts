import type { ListedEntity } from '../../../bench/eval/corpus';
import { entityTypeOf, namesEntity, rouge, rougeTokens, scoreEntities } from '../../../bench/eval/metrics';

describe('eval metrics', () => {
  describe(rougeTokens.name, () => {
    it('returns lower-cased runs of letters and digits, without punctuation', () => {
      expect(rougeTokens("Debian's 0.93R6 -- FAST!")).toEqual(['debian', 's', '0', '93r6', 'fast']);
    });
  });

  describe(rouge.name, () => {
    it('returns 1 for every score when the summary is the reference', () => {
      const text = 'Ian Murdock founded Debian in 1993. He led it until 1996.';
      expect(rouge(text, text)).toEqual({ r1: 1, r2: 1, rL: 1 });
    });

    it('returns the hand-computed F-scores when one word differs, ignoring case and punctuation', () => {
      // Unigrams: 5 of 6 shared each way; bigrams: 3 of 5 (the cat, on the, the mat); LCS: the cat on the mat.
      const scores = rouge('The cat sat on the mat.', 'the cat lay on the mat');
      expect(scores.r1).toBeCloseTo(5 / 6, 12);
      expect(scores.r2).toBeCloseTo(0.6, 12);
      expect(scores.rL).toBeCloseTo(5 / 6, 12);
    });

    it('returns the union LCS of the summary sentences for ROUGE-L', () => {
      // Sentence 1 matches `a b`, sentence 2 `d e`: 4 of the reference's 5 words and of the summary's 5.
      expect(rouge('A b c. D e.', 'a b x d e').rL).toBeCloseTo(0.8, 12);
    });

    it('returns 0 for every score when either side has no words', () => {
      expect(rouge('', 'a reference')).toEqual({ r1: 0, r2: 0, rL: 0 });
      expect(rouge('a summary', ' -- ')).toEqual({ r1: 0, r2: 0, rL: 0 });
    });
  });

  describe(entityTypeOf.name, () => {
    it('maps the type names systems use to the corpus types, anything else to other', () => {
      expect(
        ['PERSON', 'people', 'ORG', 'organization', 'GPE', 'location', 'DATE', 'CARDINAL', 'HASHTAG'].map(entityTypeOf),
      ).toEqual(['person', 'person', 'organisation', 'organisation', 'place', 'place', 'date', 'number', 'other']);
    });
  });

  describe(namesEntity.name, () => {
    const lincoln: ListedEntity = { text: 'Abraham Lincoln', type: 'person' };
    const pablo: ListedEntity = { text: 'Pablo Galindo Salgado', type: 'person', aliases: ['Pablo Galindo'] };
    const fsf: ListedEntity = { text: 'Free Software Foundation', type: 'organisation', aliases: ['FSF'] };
    const memorial: ListedEntity = { text: 'Lincoln Memorial', type: 'place' };

    it('returns true when the text equals the listed text or an alias, ignoring case and white space', () => {
      expect(namesEntity('  abraham \n LINCOLN ', lincoln)).toBe(true);
      expect(namesEntity('fsf', fsf)).toBe(true);
    });

    it("returns true for the last word of a listed person's text or alias", () => {
      expect(namesEntity('Lincoln', lincoln)).toBe(true);
      expect(namesEntity('Salgado', pablo)).toBe(true);
      expect(namesEntity('Galindo', pablo)).toBe(true);
    });

    it('returns false for a first name, a part of a listed non-person or another name', () => {
      expect(namesEntity('Abraham', lincoln)).toBe(false);
      expect(namesEntity('Memorial', memorial)).toBe(false);
      expect(namesEntity('Foundation', fsf)).toBe(false);
      expect(namesEntity('Lincoln Memorial', lincoln)).toBe(false);
    });
  });

  describe(scoreEntities.name, () => {
    const listed: ListedEntity[] = [
      { text: 'Abraham Lincoln', type: 'person' },
      { text: 'Gettysburg', type: 'place' },
      { text: '19 November 1863', type: 'date' },
      { text: 'Edward Everett', type: 'person' },
    ];

    it('returns recall over all listed entities, precision over distinct people, organisations and places', () => {
      const system = [
        { text: 'Lincoln', type: 'PERSON' },
        { text: 'Gettysburg', type: 'GPE' },
        { text: 'lincoln', type: 'person' },
        { text: 'Washington', type: 'place' },
        { text: '1863', type: 'DATE' },
        { text: 'four score', type: 'CARDINAL' },
      ];
      expect(scoreEntities(system, listed)).toEqual({
        recall: 0.5,
        precision: 2 / 3,
        missed: ['19 November 1863', 'Edward Everett'],
        unlisted: ['Washington'],
      });
    });

    it('returns a listed date as found whatever type the system gives it', () => {
      expect(scoreEntities([{ text: '19 November 1863', type: 'DURATION' }], listed).recall).toBe(0.25);
    });

    it('returns no precision when the system reports no person, organisation or place', () => {
      expect(scoreEntities([{ text: '1863', type: 'DATE' }], listed)).toEqual({
        recall: 0,
        precision: null,
        missed: ['Abraham Lincoln', 'Gettysburg', '19 November 1863', 'Edward Everett'],
        unlisted: [],
      });
    });
  });
});
