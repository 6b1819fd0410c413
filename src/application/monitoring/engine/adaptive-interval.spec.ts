import { adaptedIntervalSeconds } from './adaptive-interval';

const HOUR = 3_600_000;
const bounds = { intervalSeconds: 300, minIntervalSeconds: 60, maxIntervalSeconds: 3600 };

describe(adaptedIntervalSeconds.name, () => {
  it('returns a quarter of the median gap, in whole seconds', () => {
    expect(adaptedIntervalSeconds([14.4e6, 7.2e6, 3.6e6, 0], bounds)).toBe(900);
  });

  it('takes the mean of the two middle gaps when their count is even', () => {
    // gaps 1 h, 2 h, 3 h, 4 h → median 2.5 h → 2250 s
    expect(adaptedIntervalSeconds([0, HOUR, 3 * HOUR, 6 * HOUR, 10 * HOUR], bounds)).toBe(2250);
  });

  it('clamps to the source bounds', () => {
    expect(adaptedIntervalSeconds([0, 60_000, 120_000], bounds)).toBe(60);
    expect(adaptedIntervalSeconds([0, 24 * HOUR, 48 * HOUR], bounds)).toBe(3600);
  });

  it('keeps the configured interval with fewer than three dated items', () => {
    expect(adaptedIntervalSeconds([0, HOUR, null, null], bounds)).toBe(300);
  });

  it('ignores undated and repeated dates', () => {
    expect(adaptedIntervalSeconds([0, null, HOUR, HOUR, 2 * HOUR], bounds)).toBe(900);
  });
});
