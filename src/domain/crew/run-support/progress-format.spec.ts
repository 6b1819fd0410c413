import { formatProgress } from './progress-format';

describe('formatProgress', () => {
  it('A3: draws 2 of 5 steps as 🟢🟢⚪⚪⚪ 2/5 (40%)', () => {
    expect(formatProgress('Executing the crew', 2, 5)).toBe('Executing the crew\n🟢🟢⚪⚪⚪ 2/5 (40%)');
  });

  it('returns the whole 0/5 … 5/5 sequence of a run', () => {
    const bars = [0, 1, 2, 3, 4, 5].map((step) => formatProgress('m', step, 5).split('\n')[1]);
    expect(bars).toEqual([
      '⚪⚪⚪⚪⚪ 0/5 (0%)',
      '🟢⚪⚪⚪⚪ 1/5 (20%)',
      '🟢🟢⚪⚪⚪ 2/5 (40%)',
      '🟢🟢🟢⚪⚪ 3/5 (60%)',
      '🟢🟢🟢🟢⚪ 4/5 (80%)',
      '🟢🟢🟢🟢🟢 5/5 (100%)',
    ]);
  });

  it('floors the percentage', () => {
    expect(formatProgress('m', 1, 3)).toBe('m\n🟢⚪⚪ 1/3 (33%)');
    expect(formatProgress('m', 2, 3)).toBe('m\n🟢🟢⚪ 2/3 (66%)');
  });

  it('shows current beyond total as extra green dots and more than 100 %', () => {
    expect(formatProgress('m', 6, 5)).toBe('m\n🟢🟢🟢🟢🟢🟢 6/5 (120%)');
  });

  it('treats a total of 0 or below as 1', () => {
    expect(formatProgress('Depth downgraded', 0, 0)).toBe('Depth downgraded\n⚪ 0/1 (0%)');
    expect(formatProgress('m', 1, -3)).toBe('m\n🟢 1/1 (100%)');
  });

  it('draws no green dots for a negative current', () => {
    expect(formatProgress('m', -1, 2)).toBe('m\n⚪⚪⚪ -1/2 (-50%)');
  });

  it('keeps an empty message as an empty first line', () => {
    expect(formatProgress('', 0, 1)).toBe('\n⚪ 0/1 (0%)');
  });
});
