import { anyOf } from './cue-pattern';

describe(anyOf.name, () => {
  it('matches any cue, ignoring case', () => {
    const sut = anyOf(/\bmore than\b/, /\bcompared to\b/);
    expect(['More than ten', 'as compared to last year', 'moreover'].map((s) => sut.exec(s)?.[0] ?? null)).toEqual([
      'More than',
      'compared to',
      null,
    ]);
  });

  it('lets a space match any run of whitespace', () => {
    expect(anyOf(/\bthink of the children\b/).exec('Think  of\nthe children!')?.[0]).toBe('Think  of\nthe children');
  });
});
