import { seededRandom } from '../../../core/runtime/random';
import { normalWinShare } from './random-draws';
import { expectNormal, normalCdf, normalCdfTabulated, normalWinProbability } from './win-probability';

describe('win probability by quadrature', () => {
  describe(expectNormal.name, () => {
    it('integrates the standard normal’s moments exactly (1, 0, 1, 0, 3, 15)', () => {
      expect(expectNormal(() => 1)).toBeCloseTo(1, 12);
      expect(expectNormal((z) => z)).toBeCloseTo(0, 12);
      expect(expectNormal((z) => z * z)).toBeCloseTo(1, 12);
      expect(expectNormal((z) => z ** 3)).toBeCloseTo(0, 12);
      expect(expectNormal((z) => z ** 4)).toBeCloseTo(3, 11);
      expect(expectNormal((z) => z ** 6)).toBeCloseTo(15, 10);
    });
  });

  describe(normalCdf.name, () => {
    it.each([
      [0, 0.5],
      [1.959964, 0.975],
      [-1, 0.158655254],
      [3, 0.998650102],
      [-6, 9.8659e-10],
    ])('Φ(%d) = %d', (x, expected) => {
      expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(Math.max(2e-7, expected * 1.2e-7));
    });
  });

  describe(normalCdfTabulated.name, () => {
    it('stays within 5·10⁻⁷ of Φ everywhere, between and on its grid points', () => {
      let worst = 0;
      for (let x = -10; x <= 10; x += 0.000731) worst = Math.max(worst, Math.abs(normalCdfTabulated(x) - normalCdf(x)));
      expect(worst).toBeLessThan(5e-7);
      expect(worst).toBeGreaterThan(1e-8); // it is an interpolation, not the same function
      expect(normalCdfTabulated(1)).toBe(normalCdf(1));
    });

    it('is 0 and 1 beyond ±8.5 and passes NaN through', () => {
      expect([
        normalCdfTabulated(-8.5),
        normalCdfTabulated(-Infinity),
        normalCdfTabulated(8.5),
        normalCdfTabulated(Infinity),
      ]).toEqual([0, 0, 1, 1]);
      expect(normalCdfTabulated(NaN)).toBeNaN();
    });
  });

  describe(normalWinProbability.name, () => {
    it('gives 1/k for k identical scores', () => {
      for (const k of [2, 3, 4, 8])
        expect(normalWinProbability(new Array(k).fill(0.5), new Array(k).fill(0.2), k, 1)).toBeCloseTo(1 / k, 5);
    });

    it('matches the two-score closed form Φ((μa − μb) / √(σa² + σb²)) when the spreads are comparable', () => {
      for (const [ma, mb, sa, sb] of [
        [0.6, 0.4, 0.1, 0.1],
        [0.2, 0.5, 0.3, 0.2],
        [1, 0, 1, 0.5],
      ]) {
        expect(normalWinProbability([ma, mb], [sa, sb], 2, 0, 0)).toBeCloseTo(
          normalCdf((ma - mb) / Math.hypot(sa, sb)),
          5,
        );
      }
    });

    it('stays within 0.1 of the truth when one spread is a hundred times the other (a documented limit of 24 points)', () => {
      const exact = normalCdf((0 - 0.1) / Math.hypot(1, 0.01));
      expect(Math.abs(normalWinProbability([0, 0.1], [1, 0.01], 2, 0, 0) - exact)).toBeLessThan(0.1);
    });

    it('handles certain scores: the larger mean wins, a tie goes to the lower index', () => {
      expect(normalWinProbability([0.5, 0.2], [0, 0], 2, 0)).toBe(1);
      expect(normalWinProbability([0.5, 0.2], [0, 0], 2, 1)).toBe(1 / 32);
      expect(normalWinProbability([0.5, 0.5], [0, 0], 2, 0)).toBe(1);
      expect(normalWinProbability([0.5, 0.5], [0, 0], 2, 1)).toBe(1 / 32);
      // A certain chosen score against a spread one: Φ((0.5 − 0.2) / 0.3).
      expect(normalWinProbability([0.5, 0.2], [0, 0.3], 2, 0)).toBeCloseTo(normalCdf(1), 12);
    });

    it('agrees with a large Monte-Carlo count for four scores (what the learners pass)', () => {
      const means = [0.55, 0.5, 0.62, 0.3];
      const sds = [0.08, 0.12, 0.05, 0.2];
      const rng = seededRandom(21);
      for (let chosen = 0; chosen < 4; chosen++) {
        const mc = normalWinShare(rng, means, sds, 4, chosen, 200_000);
        expect(Math.abs(normalWinProbability(means, sds, 4, chosen, 0) - mc)).toBeLessThan(0.005);
      }
    });
  });
});
