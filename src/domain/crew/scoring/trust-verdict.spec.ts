import { scoringVerdicts, truthInputs, truthScore, trustSubject, trustVerdict, verdictTruth } from './trust-verdict';

describe(trustVerdict.name, () => {
  it('A13: truth .55 → true, .54 → false; no truth score → majority', () => {
    expect(trustVerdict({ truthScore: 0.55, booleans: [] })).toBe(true);
    expect(trustVerdict({ truthScore: 0.54, booleans: [true, true, true] })).toBe(false);
    expect(trustVerdict({ truthScore: null, booleans: [true, false, true] })).toBe(true);
    expect(trustVerdict({ booleans: [false, false, true] })).toBe(false);
  });

  it('treats a tie as truthful and no booleans at all as not', () => {
    expect(trustVerdict({ booleans: [true, false] })).toBe(true);
    expect(trustVerdict({ booleans: [] })).toBe(false);
  });

  it('A13 end to end: 11 true of 20 verdicts is a truth score of exactly .55 → true', () => {
    const items = [...Array<string>(11).fill('supported'), ...Array<string>(9).fill('Likely False'), 'mixed'].map(
      (verdict, i) => ({
        claim: `c${i}`,
        verdict,
      }),
    );
    const booleans = truthInputs(scoringVerdicts(items, 0));
    expect(truthScore(booleans)).toBe(0.55);
    expect(trustVerdict({ truthScore: truthScore(booleans), booleans })).toBe(true);
  });
});

describe(verdictTruth.name, () => {
  it('maps the true and false label sets, in any case and spelling, and drops the rest', () => {
    expect(
      ['true', 'Likely_True', 'SUPPORTED', 'false', 'likely false', 'unsupported', 'mixed', 'needs context'].map(
        verdictTruth,
      ),
    ).toEqual([true, true, true, false, false, false, undefined, undefined]);
  });
});

describe(truthScore.name, () => {
  it('is the share of true verdicts, or null without verdicts (S6 skips "no verdicts")', () => {
    expect([truthScore([true, false, true]), truthScore([])]).toEqual([0.667, null]);
  });
});

describe(scoringVerdicts.name, () => {
  it('maps S4 items with a verdict (lower-cased, confidence default .5 and clamped) and drops those without', () => {
    expect(
      scoringVerdicts(
        [
          { claim: 'a', verdict: 'Likely True', confidence: 1.4, sourceTrust: 0.8 },
          { claim: 'b' },
          { claim: 'c', verdict: 'false' },
        ],
        9,
      ),
    ).toEqual([
      { verdict: 'likely true', confidence: 1, claim: 'a', source: 'factcheck', sourceTrust: 0.8, salience: 1 },
      { verdict: 'false', confidence: 0.5, claim: 'c', source: 'factcheck', sourceTrust: null, salience: 1 },
    ]);
  });

  it('without verdicts, one synthetic verdict by evidence count: 0 → .3, 1–2 → .4, ≥ 3 → needs context .6', () => {
    expect([0, 1, 2, 3].map((n) => scoringVerdicts([], n)[0]).map((v) => [v.verdict, v.confidence])).toEqual([
      ['uncertain', 0.3],
      ['uncertain', 0.4],
      ['uncertain', 0.4],
      ['needs context', 0.6],
    ]);
    expect(truthInputs(scoringVerdicts([], 5))).toEqual([]);
  });
});

describe(trustSubject.name, () => {
  it('takes the first non-blank of uploader, channel, author, metadata, download URL, else "unknown"', () => {
    expect(trustSubject({ uploader: ' ', channel: 'Harbour TV', author: 'Ann' })).toBe('Harbour TV');
    expect(trustSubject({ contentMetadata: { channel: 'meta' }, downloadUrl: 'https://v.example/1' })).toBe('meta');
    expect(trustSubject({ downloadUrl: 'https://v.example/1' })).toBe('https://v.example/1');
    expect(trustSubject({})).toBe('unknown');
  });
});
