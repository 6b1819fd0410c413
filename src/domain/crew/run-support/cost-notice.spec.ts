import { costNotice } from './cost-notice';

describe('costNotice', () => {
  it('returns nothing for no spend or spend up to $0.10', () => {
    expect(costNotice(0, 1.5)).toBeUndefined();
    expect(costNotice(0.05, 1.5)).toBeUndefined();
    expect(costNotice(0.1, 1.5)).toBeUndefined();
    expect(costNotice(-1, 1.5)).toBeUndefined();
    expect(costNotice(Number.NaN, 1.5)).toBeUndefined();
  });

  it('returns the spend to 3 decimals, the budget to 2 and the utilisation to 1', () => {
    expect(costNotice(0.12, 1.5)).toBe('💰 Cost: $0.120 of $1.50 budget (8.0% used)');
    expect(costNotice(0.1001, 3)).toBe('💰 Cost: $0.100 of $3.00 budget (3.3% used)');
    expect(costNotice(2.3456, 5)).toBe('💰 Cost: $2.346 of $5.00 budget (46.9% used)');
  });

  it('shows 0.0 % for a budget of 0', () => {
    expect(costNotice(0.2, 0)).toBe('💰 Cost: $0.200 of $0.00 budget (0.0% used)');
  });
});
