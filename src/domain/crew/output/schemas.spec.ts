import { getOutputSchema, OUTPUT_SCHEMA_ALIASES, OUTPUT_SCHEMAS, validateOutput } from './schemas';

describe('OUTPUT_SCHEMAS', () => {
  it('lists the keys of each schema in their fixed order', () => {
    const keys = Object.fromEntries(Object.values(OUTPUT_SCHEMAS).map((s) => [s.name, Object.keys(s.fields)]));
    expect(keys).toEqual({
      acquisition: ['file_path', 'title', 'description', 'author', 'duration', 'platform'],
      transcription: ['transcript', 'timeline_anchors', 'transcript_length', 'quality_score'],
      analysis: ['insights', 'themes', 'fallacies', 'perspectives'],
      verification: ['verified_claims', 'fact_check_results', 'trustworthiness_score'],
      integration: ['executive_summary', 'key_takeaways', 'recommendations', 'confidence_score'],
    });
  });

  it('maps each alias to its schema', () => {
    expect(OUTPUT_SCHEMA_ALIASES).toEqual({
      capture: 'acquisition',
      transcribe: 'transcription',
      map: 'analysis',
      verify: 'verification',
      knowledge: 'integration',
    });
  });
});

describe(getOutputSchema.name, () => {
  it('finds a schema by name or alias, ignoring case and surrounding blanks', () => {
    const found = ['acquisition', 'capture', ' Transcribe ', 'MAP', 'verify', 'knowledge'].map(
      (n) => getOutputSchema(n)?.name,
    );
    expect(found).toEqual(['acquisition', 'acquisition', 'transcription', 'analysis', 'verification', 'integration']);
  });

  it('returns undefined for an unknown name', () => {
    expect(getOutputSchema('summary')).toBeUndefined();
  });
});

describe(validateOutput.name, () => {
  it('applies the acquisition defaults and keeps extra keys', () => {
    expect(validateOutput(OUTPUT_SCHEMAS.acquisition, { file_path: '/tmp/a.mp4', video_id: 'abc' })).toEqual({
      ok: true,
      value: {
        file_path: '/tmp/a.mp4',
        video_id: 'abc',
        title: '',
        description: '',
        author: '',
        duration: null,
        platform: 'unknown',
      },
    });
  });

  it('applies the transcription, verification and integration defaults', () => {
    const values = [
      validateOutput(OUTPUT_SCHEMAS.transcription, { transcript: 'words' }),
      validateOutput(OUTPUT_SCHEMAS.verification, {}),
      validateOutput(OUTPUT_SCHEMAS.integration, { executive_summary: 'Sound.' }),
    ];
    expect(values).toEqual([
      { ok: true, value: { transcript: 'words', timeline_anchors: [], transcript_length: 0, quality_score: 0 } },
      { ok: true, value: { verified_claims: [], fact_check_results: [], trustworthiness_score: 50 } },
      {
        ok: true,
        value: { executive_summary: 'Sound.', key_takeaways: [], recommendations: [], confidence_score: 0.5 },
      },
    ]);
  });

  it('treats null like an absent key', () => {
    expect(validateOutput(OUTPUT_SCHEMAS.analysis, { insights: null, themes: ['t'] })).toEqual({
      ok: true,
      value: { insights: [], themes: ['t'], fallacies: [], perspectives: [] },
    });
  });

  it('gives every call its own default arrays', () => {
    const [first, second] = [validateOutput(OUTPUT_SCHEMAS.analysis, {}), validateOutput(OUTPUT_SCHEMAS.analysis, {})];
    if (!first.ok || !second.ok) throw new Error('expected both to validate');
    expect(first.value.themes).not.toBe(second.value.themes);
  });

  it('converts numeric strings and keeps numbers', () => {
    expect(
      validateOutput(OUTPUT_SCHEMAS.verification, { trustworthiness_score: ' 72.5 ', verified_claims: ['c'] }),
    ).toEqual({
      ok: true,
      value: { trustworthiness_score: 72.5, verified_claims: ['c'], fact_check_results: [] },
    });
  });

  it('accepts the range bounds', () => {
    const results = [0, 100].map((t) => validateOutput(OUTPUT_SCHEMAS.verification, { trustworthiness_score: t }).ok);
    expect(results).toEqual([true, true]);
  });

  it('names the key of each error, in schema order', () => {
    expect(
      validateOutput(OUTPUT_SCHEMAS.transcription, {
        timeline_anchors: 'none',
        transcript_length: 'long',
        quality_score: 1.5,
      }),
    ).toEqual({
      ok: false,
      errors: [
        'transcript: is required',
        'timeline_anchors: must be an array',
        'transcript_length: must be a number',
        'quality_score: must be between 0 and 1 (got 1.5)',
      ],
    });
  });

  it('rejects a blank required string and a score below its range', () => {
    expect(validateOutput(OUTPUT_SCHEMAS.integration, { executive_summary: '  ', confidence_score: -0.1 })).toEqual({
      ok: false,
      errors: ['executive_summary: must not be blank', 'confidence_score: must be between 0 and 1 (got -0.1)'],
    });
  });

  it('rejects non-strings for string keys', () => {
    expect(validateOutput(OUTPUT_SCHEMAS.acquisition, { file_path: 42, title: ['x'] })).toEqual({
      ok: false,
      errors: ['file_path: must be a string', 'title: must be a string'],
    });
  });

  it('rejects a trustworthiness score above 100 and a non-finite number', () => {
    const results = [101, Number.NaN].map((t) =>
      validateOutput(OUTPUT_SCHEMAS.verification, { trustworthiness_score: t }),
    );
    expect(results).toEqual([
      { ok: false, errors: ['trustworthiness_score: must be between 0 and 100 (got 101)'] },
      { ok: false, errors: ['trustworthiness_score: must be a number'] },
    ]);
  });

  it('does not modify its input', () => {
    const input = { executive_summary: 'S' };
    validateOutput(OUTPUT_SCHEMAS.integration, input);
    expect(input).toEqual({ executive_summary: 'S' });
  });
});
