import { bucketShape, fits, nextTat, tokensAt, waitMs } from './token-bucket';

describe('token bucket', () => {
  const user = bucketShape(60, 90);
  const T0 = 1_000_000;

  describe(bucketShape.name, () => {
    it('holds burst tokens and adds perMinute / 60 a second', () => {
      expect(bucketShape(60, 90)).toEqual({ capacity: 90, intervalMs: 1000, toleranceMs: 90_000 });
      expect(bucketShape(600, 800)).toEqual({ capacity: 800, intervalMs: 100, toleranceMs: 80_000 });
      expect(bucketShape(120, 150)).toEqual({ capacity: 150, intervalMs: 500, toleranceMs: 75_000 });
      expect(bucketShape(300, 400)).toEqual({ capacity: 400, intervalMs: 200, toleranceMs: 80_000 });
    });

    it('rejects a rate of 0 and a burst below 1', () => {
      expect(() => bucketShape(0, 90)).toThrow('A bucket needs perMinute > 0 and burst ≥ 1, got 0 and 90');
      expect(() => bucketShape(60, 0.5)).toThrow('A bucket needs perMinute > 0 and burst ≥ 1, got 60 and 0.5');
    });
  });

  describe('taking tokens', () => {
    it('admits 90 calls at once from a full bucket and not the 91st, which fits 1 s later', () => {
      let tat = 0;
      for (let i = 0; i < 90; i++) {
        const next = nextTat(tat, T0, 1, user);
        expect(fits(next, T0, user)).toBe(true);
        tat = next;
      }
      expect(tokensAt(tat, T0, user)).toBe(0);
      const next = nextTat(tat, T0, 1, user);
      expect(fits(next, T0, user)).toBe(false);
      expect(waitMs(next, T0, user)).toBe(1000);
      expect(fits(nextTat(tat, T0 + 1000, 1, user), T0 + 1000, user)).toBe(true);
    });

    it('counts a bucket whose full time has passed as full, never fuller', () => {
      expect(tokensAt(0, T0, user)).toBe(90);
      expect(tokensAt(T0 + 30_000, T0, user)).toBe(60);
      expect(nextTat(T0 - 5_000, T0, 3, user)).toBe(T0 + 3_000);
    });
  });
});
