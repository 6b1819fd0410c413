import { roundTo } from './rounding';

describe(roundTo.name, () => {
  it('rounds half away from zero', () => {
    expect([roundTo(0.1235, 3), roundTo(-0.25, 1), roundTo(0.25, 1), roundTo(2, 3)]).toEqual([0.124, -0.3, 0.3, 2]);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundTo(-0.0001, 3), 0)).toBe(true);
  });
});
