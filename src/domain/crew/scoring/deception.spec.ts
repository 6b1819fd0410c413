import { compositeDeceptionScore } from './deception';

describe(compositeDeceptionScore.name, () => {
  it('A15: Σ confidence·w / Σ w with w low .3, medium .6, high 1, other .5', () => {
    expect(
      compositeDeceptionScore([
        { confidence: 0.8, severity: 'high' },
        { confidence: 0.2, severity: 'low' },
      ]),
    ).toBe(0.662);
    expect(compositeDeceptionScore([{ confidence: 0.5, severity: 'MEDIUM' }, { confidence: 1 }])).toBe(0.727);
    expect(compositeDeceptionScore([{ confidence: 0.9, severity: 'medium' }])).toBe(0.9);
  });

  it('A15: no indicators → the tool score (⚠ fixed S6 call), else 0', () => {
    expect(compositeDeceptionScore([])).toBe(0);
    expect(compositeDeceptionScore([], 0.42)).toBe(0.42);
    expect(compositeDeceptionScore([], 1.3)).toBe(1);
  });

  it('clamps indicator confidences', () => {
    expect(
      compositeDeceptionScore([
        { confidence: 4, severity: 'low' },
        { confidence: -1, severity: 'low' },
      ]),
    ).toBe(0.5);
  });
});
