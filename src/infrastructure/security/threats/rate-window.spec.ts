import { RateWindow } from './rate-window';

const T0 = 1_800_000_000_000;

describe(RateWindow.name, () => {
  describe('hit', () => {
    it('reports the event that goes above the limit within the window, once per burst', () => {
      const sut = new RateWindow(3, 1000, 10);
      expect([T0, T0 + 10, T0 + 20, T0 + 30, T0 + 40].map((t) => sut.hit('k', t))).toEqual([
        false,
        false,
        false,
        true,
        false,
      ]);
      expect(sut.count('k', T0 + 40)).toBe(4);
    });

    it('lets events leave the window after windowMs, so a steady rate at the limit is never reported', () => {
      const sut = new RateWindow(3, 1000, 10);
      const reports = Array.from({ length: 30 }, (_, i) => sut.hit('k', T0 + i * 334));
      expect(reports.filter(Boolean)).toHaveLength(0);
      expect(sut.count('k', T0 + 29 * 334)).toBe(3);
    });

    it('reports again after the count fell back to the limit', () => {
      const sut = new RateWindow(2, 1000, 10);
      expect([T0, T0 + 1, T0 + 2].map((t) => sut.hit('k', t))).toEqual([false, false, true]);
      // At T0 + 1001 the first two have left: with this event 2 in the window, re-armed; the next goes above.
      expect([T0 + 1001, T0 + 1001].map((t) => sut.hit('k', t))).toEqual([false, true]);
    });

    it('counts keys apart', () => {
      const sut = new RateWindow(1, 1000, 10);
      expect([sut.hit('a', T0), sut.hit('b', T0), sut.hit('a', T0)]).toEqual([false, false, true]);
    });
  });

  describe('bounds', () => {
    it('keeps at most maxKeys keys, forgetting the least recently seen', () => {
      const sut = new RateWindow(5, 60_000, 3);
      for (const k of ['a', 'b', 'c']) sut.hit(k, T0);
      sut.hit('a', T0 + 1000);
      sut.hit('d', T0 + 1001);
      expect(sut.size).toBe(3);
      expect(['a', 'b', 'c', 'd'].map((k) => sut.count(k, T0 + 1001))).toEqual([2, 0, 1, 1]);
    });

    it('knows recency to within a second: a key seen again sooner keeps its place', () => {
      const sut = new RateWindow(5, 60_000, 3);
      for (const k of ['a', 'b', 'c']) sut.hit(k, T0);
      sut.hit('a', T0 + 999);
      sut.hit('d', T0 + 1000);
      expect(['a', 'b', 'c', 'd'].map((k) => sut.count(k, T0 + 1000))).toEqual([0, 1, 1, 1]);
    });

    it('keeps at most limit + 1 times per key', () => {
      const sut = new RateWindow(2, 60_000, 3);
      for (let i = 0; i < 50; i++) sut.hit('a', T0 + i);
      expect(sut.count('a', T0 + 50)).toBe(3);
    });
  });

  describe('prune', () => {
    it('forgets keys with no event left in the window', () => {
      const sut = new RateWindow(5, 1000, 10);
      sut.hit('a', T0);
      sut.hit('b', T0 + 500);
      expect(sut.prune(T0 + 1000)).toBe(1);
      expect(sut.size).toBe(1);
      expect(sut.prune(T0 + 1500)).toBe(1);
      expect(sut.size).toBe(0);
    });
  });
});
