import { confidenceInterval, normalQuantile } from './confidence-interval';

describe(normalQuantile.name, () => {
  it('matches the standard normal table in the centre and both tails', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644853627, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232306, 8);
  });

  it('throws outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe(confidenceInterval.name, () => {
  it('A15: fewer than two values → [0, 1]', () => {
    expect(confidenceInterval([])).toEqual({ lower: 0, upper: 1, level: 0.95, mean: 0, n: 0 });
    expect(confidenceInterval([0.4])).toEqual({ lower: 0, upper: 1, level: 0.95, mean: 0.4, n: 1 });
  });

  it('A15: mean ± 1.96·s/√n with the sample standard deviation (⚠ fixed: a real interval, not always [0, 1])', () => {
    // s = .1414, s/√2 = .1, half-width 1.95996·.1 = .196
    expect(confidenceInterval([0.5, 0.7])).toEqual({ lower: 0.404, upper: 0.796, level: 0.95, mean: 0.6, n: 2 });
  });

  it('A15: equal values give a zero-width interval; wide ones are clamped to [0, 1]', () => {
    expect(confidenceInterval(Array(6).fill(0.8))).toMatchObject({ lower: 0.8, upper: 0.8, n: 6 });
    expect(confidenceInterval([0, 1])).toMatchObject({ lower: 0, upper: 1, mean: 0.5 });
  });

  it('A15: uses the asked level; a level outside (0, 1) becomes .95', () => {
    expect(confidenceInterval([0.5, 0.7], 0.9)).toEqual({ lower: 0.436, upper: 0.764, level: 0.9, mean: 0.6, n: 2 });
    expect([0, 1, 1.5, Number.NaN].map((level) => confidenceInterval([0.5, 0.7], level).level)).toEqual([
      0.95, 0.95, 0.95, 0.95,
    ]);
  });

  it('leaves out non-finite values', () => {
    expect(confidenceInterval([0.5, Number.NaN, 0.7]).n).toBe(2);
  });
});
