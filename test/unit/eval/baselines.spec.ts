import { leadThree, plainTextRank } from '../../../bench/eval/baselines';
import { parseText } from '../../../src/domain/content/analysis';

const SOLAR =
  'Solar panels turn sunlight into electricity. Panels on a roof can power a home. ' +
  'Batteries store the electricity for the night. The sky was grey.';

describe('eval baselines', () => {
  describe(leadThree.name, () => {
    it('returns the first three sentences joined by a space', () => {
      expect(leadThree(parseText(SOLAR))).toBe(
        'Solar panels turn sunlight into electricity. Panels on a roof can power a home. ' +
          'Batteries store the electricity for the night.',
      );
    });

    it('returns every sentence when there are fewer than three', () => {
      expect(leadThree(parseText('One sentence only.'))).toBe('One sentence only.');
    });
  });

  describe(plainTextRank.name, () => {
    it('returns the best-ranked sentences in their original order', () => {
      expect(plainTextRank(parseText(SOLAR), 1)).toBe('Solar panels turn sunlight into electricity.');
      expect(plainTextRank(parseText(SOLAR), 2)).toBe(
        'Solar panels turn sunlight into electricity. Batteries store the electricity for the night.',
      );
    });

    it('returns a repeated sentence twice: it has no redundancy filter', () => {
      const text =
        'Solar panels turn sunlight into electricity. Solar panels turn sunlight into electricity. ' +
        'Batteries store the electricity. The sky was grey.';
      expect(plainTextRank(parseText(text), 2)).toBe(
        'Solar panels turn sunlight into electricity. Solar panels turn sunlight into electricity.',
      );
    });
  });
});
