import { seededRandom, type RandomSource } from '../../../core/runtime/random';
import { beta, gamma, normal, normalWinShare } from './random-draws';

const N = 100_000;

function moments(draw: () => number): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let sumSq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < N; i++) {
    const v = draw();
    sum += v;
    sumSq += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / N;
  return { mean, variance: sumSq / N - mean * mean, min, max };
}

describe('random draws', () => {
  describe(normal.name, () => {
    it('has mean 0, variance 1 and a symmetric tail', () => {
      const rng = seededRandom(1);
      let beyond2 = 0;
      const m = moments(() => {
        const z = normal(rng);
        if (Math.abs(z) > 2) beyond2++;
        return z;
      });
      expect(Math.abs(m.mean)).toBeLessThan(0.01);
      expect(Math.abs(m.variance - 1)).toBeLessThan(0.015);
      // P(|Z| > 2) = 0.0455
      expect(Math.abs(beyond2 / N - 0.0455)).toBeLessThan(0.003);
    });

    it('replays the same sequence for the same seed and stays finite at u = 0', () => {
      const a = seededRandom(7);
      const b = seededRandom(7);
      expect(Array.from({ length: 5 }, () => normal(a))).toEqual(Array.from({ length: 5 }, () => normal(b)));
      const zero: RandomSource = { next: () => 0 };
      expect(normal(zero)).toBeCloseTo(0, 12);
      expect(Number.isFinite(normal({ next: () => 1 - 2 ** -53 }))).toBe(true);
    });
  });

  describe(gamma.name, () => {
    it.each([0.3, 1, 2.5, 9])('has mean and variance equal to the shape %p', (shape) => {
      const rng = seededRandom(Math.round(shape * 10));
      const m = moments(() => gamma(rng, shape));
      expect(Math.abs(m.mean - shape)).toBeLessThan(0.02 * Math.max(1, Math.sqrt(shape)));
      expect(Math.abs(m.variance - shape) / shape).toBeLessThan(0.03);
      expect(m.min).toBeGreaterThanOrEqual(0);
    });

    it('rejects shapes that are not finite and positive', () => {
      const rng = seededRandom(1);
      expect(() => gamma(rng, 0)).toThrow('gamma shape must be a finite number > 0, got 0');
      expect(() => gamma(rng, Number.NaN)).toThrow(RangeError);
      expect(() => gamma(rng, Infinity)).toThrow(RangeError);
    });
  });

  describe(beta.name, () => {
    it('Beta(2, 5) has mean 2/7 and variance 10/392', () => {
      const rng = seededRandom(2);
      const m = moments(() => beta(rng, 2, 5));
      expect(Math.abs(m.mean - 2 / 7)).toBeLessThan(0.005);
      expect(Math.abs(m.variance - 10 / 392)).toBeLessThan(0.0008);
      expect(m.min).toBeGreaterThanOrEqual(0);
      expect(m.max).toBeLessThanOrEqual(1);
    });

    it('Beta(0.1, 0.1) (the offset tree floor) has mean 1/2 and variance 1/4.8', () => {
      const rng = seededRandom(3);
      const m = moments(() => beta(rng, 0.1, 0.1));
      expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(m.variance - 0.25 / 1.2)).toBeLessThan(0.005);
    });

    it.each([
      ["Cheng's BB (both shapes above 1)", 50, 3, 50_003],
      ["Cheng's BB (both shapes above 1)", 1.5, 1.2, 1501.2],
      ["Cheng's BB (both shapes above 1)", 300, 280, 300_280],
      ["Cheng's BB (both shapes above 1)", 2.5, 40, 2540],
      ["Jöhnk's algorithm (both at most 1)", 0.1, 0.1, 11],
      ["Jöhnk's algorithm (both at most 1)", 0.1, 0.9, 19],
      ["Jöhnk's algorithm (both at most 1)", 0.5, 0.5, 55],
      ["Jöhnk's algorithm (both at most 1)", 1, 0.3, 103],
      ["Cheng's BC (one shape at most 1)", 0.1, 40, 380],
      ["Cheng's BC (one shape at most 1)", 40, 0.1, 40_000.7],
      ["Cheng's BC (one shape at most 1)", 0.5, 3, 521],
      ["Cheng's BC (one shape at most 1)", 3, 0.5, 3003.5],
      ["Cheng's BC (one shape at most 1)", 1, 5, 1035],
      ["Cheng's BC (one shape at most 1)", 0.3, 1.01, 307.07],
    ])('%s: Beta(%d, %d) has the exact mean and variance', (_algorithm, a, b, seed) => {
      const rng = seededRandom(seed);
      const m = moments(() => beta(rng, a, b));
      const mean = a / (a + b);
      const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(m.mean - mean)).toBeLessThan(6 * Math.sqrt(variance / N));
      expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.03);
      expect([m.min >= 0, m.max <= 1]).toEqual([true, true]);
    });

    it.each([
      ["Cheng's BB", 3.5, 2, 11],
      ["Jöhnk's algorithm", 0.3, 0.7, 12],
      ["Cheng's BC", 0.2, 6, 14],
      ["Cheng's BC, shapes swapped", 6, 0.2, 14],
    ])(
      '%s and the gamma ratio give the same distribution for Beta(%d, %d) (deciles of 100 000 draws each agree)',
      (_algorithm, a, b, seed) => {
        const rng = seededRandom(seed);
        const direct = Array.from({ length: N }, () => beta(rng, a, b)).sort((p, q) => p - q);
        const ratio = Array.from({ length: N }, () => {
          const x = gamma(rng, a);
          return x / (x + gamma(rng, b));
        }).sort((p, q) => p - q);
        for (let q = 1; q < 10; q++) expect(Math.abs(direct[(q * N) / 10] - ratio[(q * N) / 10])).toBeLessThan(0.006);
      },
    );

    it("Jöhnk's algorithm stays exact where both powers underflow (shapes of 0.001)", () => {
      const rng = seededRandom(13);
      const draws = Array.from({ length: 20_000 }, () => beta(rng, 0.001, 0.001));
      // Nearly all the mass sits at the ends, split evenly; nothing is NaN.
      expect(draws.every((x) => x >= 0 && x <= 1)).toBe(true);
      const low = draws.filter((x) => x < 0.5).length / draws.length;
      expect(Math.abs(low - 0.5)).toBeLessThan(0.02);
    });

    it('Beta(1, 1) is uniform: mean 1/2, variance 1/12', () => {
      const rng = seededRandom(4);
      const m = moments(() => beta(rng, 1, 1));
      expect(Math.abs(m.mean - 0.5)).toBeLessThan(0.005);
      expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(0.001);
    });
  });

  describe(normalWinShare.name, () => {
    it('estimates 1/k for k identical scores', () => {
      const rng = seededRandom(5);
      const share = normalWinShare(rng, [0, 0, 0, 0], [1, 1, 1, 1], 4, 2, N);
      expect(Math.abs(share - 0.25)).toBeLessThan(0.005);
    });

    it('matches Φ(Δ/√2) for two unit-variance scores Δ apart', () => {
      const rng = seededRandom(6);
      // Φ(0.5 / √2) = Φ(0.353553…) = 0.638163
      expect(Math.abs(normalWinShare(rng, [0.5, 0], [1, 1], 2, 0, N) - 0.638163)).toBeLessThan(0.005);
    });

    it('returns 1 for a certain winner and the floor 1 / (draws·k) for a certain loser', () => {
      const rng = seededRandom(7);
      expect(normalWinShare(rng, [0, 10], [0.1, 0.1], 2, 1, 16)).toBe(1);
      expect(normalWinShare(rng, [0, 10], [0.1, 0.1], 2, 0, 16)).toBeCloseTo(1 / 32, 12);
    });

    it('sends ties to the lowest index when every spread is 0', () => {
      const rng = seededRandom(8);
      expect(normalWinShare(rng, [1, 1, 1], [0, 0, 0], 3, 0, 16)).toBe(1);
      expect(normalWinShare(rng, [1, 1, 1], [0, 0, 0], 3, 1, 16)).toBeCloseTo(1 / 48, 12);
    });
  });
});
