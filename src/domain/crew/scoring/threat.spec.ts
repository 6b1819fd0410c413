import {
  basicThreatScore,
  behaviouralRisk,
  comprehensiveThreatScore,
  threatLevelFromDeception,
  threatLevelFromScore,
  threatLevelFromText,
} from './threat';

describe(threatLevelFromScore.name, () => {
  it('A15: < .3 low, < .7 medium, else high', () => {
    expect([0, 0.299, 0.3, 0.699, 0.7, 1].map(threatLevelFromScore)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
  });
});

describe(threatLevelFromDeception.name, () => {
  it('A15: t = (d + .1f)/2; exactly .4 is low, above is medium; exactly .7 is medium, above is high', () => {
    const cases: [number, number][] = [
      [0.8, 0],
      [0.81, 0],
      [0.6, 2],
      [0.6, 3],
      [1, 4],
      [1, 5],
      [0.4, 10],
      [0.5, 10],
    ];
    expect(cases.map(([d, f]) => threatLevelFromDeception(d, f))).toEqual([
      'low',
      'medium',
      'low',
      'medium',
      'medium',
      'high',
      'medium',
      'high',
    ]);
  });

  it('clamps the deception score and ignores negative counts', () => {
    expect([threatLevelFromDeception(5, 0), threatLevelFromDeception(0.9, -4)]).toEqual(['medium', 'medium']);
  });
});

describe(threatLevelFromText.name, () => {
  it('A15: high when high words outnumber both other lists', () => {
    expect(threatLevelFromText('This is DANGEROUS and harmful, though parts are safe.')).toBe('high');
  });

  it('A15: medium when medium words outnumber low ones; ties fall through to low', () => {
    expect(threatLevelFromText('suspicious and misleading, yet safe')).toBe('medium');
    expect(threatLevelFromText('suspicious but safe')).toBe('low');
    expect(threatLevelFromText('dangerous but safe')).toBe('low');
    expect(threatLevelFromText('')).toBe('low');
  });

  it('matches whole words only ("unsafe" is not "safe")', () => {
    expect(threatLevelFromText('unsafe, questionable')).toBe('medium');
  });
});

describe(comprehensiveThreatScore.name, () => {
  it('A15: each term with its cap; absent keys add nothing', () => {
    expect(comprehensiveThreatScore({})).toBe(0);
    expect(comprehensiveThreatScore({ deceptionScore: 1 })).toBe(0.3);
    expect([1, 2, 3].map((biasIndicatorCount) => comprehensiveThreatScore({ biasIndicatorCount }))).toEqual([
      0.1, 0.2, 0.2,
    ]);
    expect(
      [1, 2].map((manipulationIndicatorCount) => comprehensiveThreatScore({ manipulationIndicatorCount })),
    ).toEqual([0.15, 0.25]);
    expect(comprehensiveThreatScore({ psychologicalRiskScore: 1 })).toBe(0.25);
  });

  it('A15: sums to at most 1', () => {
    expect(
      comprehensiveThreatScore({
        deceptionScore: 0.5,
        biasIndicatorCount: 1,
        manipulationIndicatorCount: 1,
        psychologicalRiskScore: 0.4,
      }),
    ).toBe(0.5);
    expect(
      comprehensiveThreatScore({
        deceptionScore: 1,
        biasIndicatorCount: 9,
        manipulationIndicatorCount: 9,
        psychologicalRiskScore: 1,
      }),
    ).toBe(1);
  });
});

describe(behaviouralRisk.name, () => {
  it('A15: the mean of the present terms; none → 0', () => {
    expect(behaviouralRisk({})).toBe(0);
    expect(behaviouralRisk({ manipulationIndicatorCount: 2 })).toBe(0.4);
    expect(behaviouralRisk({ manipulationIndicatorCount: 5 })).toBe(1);
    expect(behaviouralRisk({ deceptionScore: 0.3, biasIndicatorCount: 2 })).toBe(0.3);
    expect(behaviouralRisk({ biasIndicatorCount: 7 })).toBe(1);
  });

  it('A15: psychological level low .2 / medium .6 / high 1; unknown levels are left out', () => {
    expect(
      ['low', 'Medium', 'high', 'extreme'].map((psychologicalLevel) => behaviouralRisk({ psychologicalLevel })),
    ).toEqual([0.2, 0.6, 1, 0]);
    expect(
      behaviouralRisk({
        manipulationIndicatorCount: 1,
        deceptionScore: 0.4,
        biasIndicatorCount: 4,
        psychologicalLevel: 'high',
      }),
    ).toBe(0.55);
  });
});

describe(basicThreatScore.name, () => {
  it('A15: .1 per keyword contained in each string field', () => {
    expect(basicThreatScore({ summary: 'A threat of harm and danger' })).toBe(0.3);
    expect(basicThreatScore({ a: 'threat', b: 'Threatening' })).toBe(0.2);
    expect(basicThreatScore({ threatLevel: 'high' })).toBe(0);
  });

  it('A15: numeric fields named *threat*/*risk* add min(v, 1); the total caps at 1', () => {
    expect(basicThreatScore({ threatScore: 0.25, score: 0.9, note: 'no issues' })).toBe(0.25);
    expect(basicThreatScore({ threat_score: 0.4, riskValue: 2 })).toBe(1);
    expect(basicThreatScore({ risk: -1 })).toBe(0);
  });
});
