import { round, summarize } from '../../bench/lib/report';

describe('bench report', () => {
  it('keeps every sample to three decimals, the first one too (map(round) passed the index as the digits)', () => {
    const summary = summarize('v', 'ns', [0.7004, 90.51234, 70.59876]);
    expect(summary.samples).toEqual([0.7, 90.512, 70.599]);
    expect([summary.min, summary.median, summary.max]).toEqual([0.7, 70.599, 90.512]);
  });

  it('rounds half away from zero at the requested digits', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(2.5, 0)).toBe(3);
  });
});
