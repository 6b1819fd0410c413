import { direction, slope } from './trends';

describe('trends', () => {
  it('fits a least-squares slope', () => {
    expect(slope([1, 2, 3, 4])).toBe(1);
    expect(slope([5, 5, 5])).toBe(0);
    expect(slope([4])).toBe(0);
    expect(slope([0, 10, 0, 10])).toBeCloseTo(2, 10);
  });

  it('calls a series increasing, decreasing or stable from its fitted change relative to its mean', () => {
    expect(direction([10, 12, 14, 16])).toBe('increasing');
    expect(direction([16, 14, 12, 10])).toBe('decreasing');
    expect(direction([10, 10.2, 9.9, 10.1])).toBe('stable');
    expect(direction([0, 0, 0])).toBe('stable');
    expect(direction([0, 0, 3])).toBe('increasing');
  });
});
