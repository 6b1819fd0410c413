import { drawJitterMs, gatedTime, nextSlot } from './check-plan';

describe('check plan', () => {
  describe(nextSlot.name, () => {
    it('returns the previous slot plus the interval when that is still ahead', () => {
      expect(nextSlot(100_000, 60_000, 5_000, 160_000)).toBe(160_000);
    });

    it('skips missed slots after a slow check, staying on the grid', () => {
      expect(nextSlot(100_000, 60_000, 5_000, 400_000)).toBe(400_000);
      expect(nextSlot(100_000, 60_000, 5_000, 405_000)).toBe(460_000);
    });
  });

  describe(drawJitterMs.name, () => {
    it('maps the draw onto [0, jitterSeconds] in whole ms', () => {
      expect(drawJitterMs(10, () => 0)).toBe(0);
      expect(drawJitterMs(10, () => 0.5)).toBe(5000);
      expect(drawJitterMs(10, () => 0.99999999)).toBe(10_000);
    });
  });

  describe(gatedTime.name, () => {
    it('waits for the backoff, then for the end of quiet hours', () => {
      const quiet = { start: '23:00', end: '07:00', timeZone: 'UTC' };
      const at = Date.parse('2026-01-01T22:00:00Z');
      expect(gatedTime(at, { backoffUntil: null, quietHours: quiet })).toBe(at);
      expect(gatedTime(at, { backoffUntil: Date.parse('2026-01-01T23:10:00Z'), quietHours: quiet })).toBe(
        Date.parse('2026-01-02T07:00:00Z'),
      );
      expect(gatedTime(at, { backoffUntil: at - 1, quietHours: null })).toBe(at);
    });
  });
});
