import { findPlaceholder, PLACEHOLDER_PATTERNS, placeholderFlags } from './placeholders';
import { OUTPUT_SCHEMAS } from './schemas';

const REAL_TRANSCRIPT =
  'Welcome back to the channel. Today we look at how the city council voted on the new bridge, what it will cost, ' +
  'and who will pay for it over the next ten years.';

describe(findPlaceholder.name, () => {
  it('finds every pattern regardless of case', () => {
    const found = PLACEHOLDER_PATTERNS.map((pattern) => findPlaceholder(`x ${pattern.toUpperCase()} y`));
    // '[placeholder' contains the earlier pattern 'placeholder'.
    expect(found).toEqual([...PLACEHOLDER_PATTERNS.slice(0, -1), 'placeholder']);
  });

  it('returns the first pattern in list order', () => {
    expect(findPlaceholder('FIXME: put the sample text here')).toBe('sample text');
  });

  it('returns undefined for real content', () => {
    expect(findPlaceholder(REAL_TRANSCRIPT)).toBeUndefined();
  });
});

describe(placeholderFlags.name, () => {
  describe('transcription', () => {
    it('flags nothing for a real transcript of 100 characters or more', () => {
      expect(placeholderFlags(OUTPUT_SCHEMAS.transcription, { transcript: REAL_TRANSCRIPT })).toEqual([]);
    });

    it('flags a transcript of 99 characters as short, measured after trimming', () => {
      const transcript = `  ${REAL_TRANSCRIPT.slice(0, 99)}  `;
      expect(placeholderFlags(OUTPUT_SCHEMAS.transcription, { transcript })).toEqual(['short_transcript']);
    });

    it('flags a missing transcript as short', () => {
      expect(placeholderFlags(OUTPUT_SCHEMAS.transcription, { raw_text: REAL_TRANSCRIPT })).toEqual([
        'short_transcript',
      ]);
    });

    it('flags a pattern in a long transcript', () => {
      const transcript = `${REAL_TRANSCRIPT} [Insert closing remarks]`;
      expect(placeholderFlags(OUTPUT_SCHEMAS.transcription, { transcript })).toEqual(['placeholder_pattern']);
    });
  });

  describe('analysis', () => {
    it('flags insights, themes and fallacies holding a pattern, nested values included', () => {
      const value = {
        insights: ['<extracted_insights>'],
        themes: [{ name: 'Theme goes here' }],
        fallacies: [{ type: 'straw_man', quote: 'TODO: quote' }],
        perspectives: ['placeholder'],
      };
      expect(placeholderFlags(OUTPUT_SCHEMAS.analysis, value)).toEqual([
        'placeholder_insights',
        'placeholder_themes',
        'placeholder_fallacies',
      ]);
    });

    it('flags nothing for real analysis or absent keys', () => {
      const real = { insights: ['Costs doubled since 2019'], themes: ['infrastructure'], fallacies: [] };
      expect([placeholderFlags(OUTPUT_SCHEMAS.analysis, real), placeholderFlags(OUTPUT_SCHEMAS.analysis, {})]).toEqual([
        [],
        [],
      ]);
    });
  });

  describe('verification', () => {
    it('flags empty_verification when there are neither claims nor results', () => {
      expect(placeholderFlags(OUTPUT_SCHEMAS.verification, { verified_claims: [], trustworthiness_score: 50 })).toEqual(
        ['empty_verification'],
      );
    });

    it('flags nothing when either claims or results are present', () => {
      const flags = [{ verified_claims: ['c'] }, { fact_check_results: [{ claim: 'c', verdict: 'true' }] }].map(
        (value) => placeholderFlags(OUTPUT_SCHEMAS.verification, value),
      );
      expect(flags).toEqual([[], []]);
    });
  });

  it('has no checks for acquisition and integration', () => {
    const flags = [
      placeholderFlags(OUTPUT_SCHEMAS.acquisition, { file_path: 'placeholder.mp4' }),
      placeholderFlags(OUTPUT_SCHEMAS.integration, { executive_summary: 'Summary goes here' }),
    ];
    expect(flags).toEqual([[], []]);
  });
});
