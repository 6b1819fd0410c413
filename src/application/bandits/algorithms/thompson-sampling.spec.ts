import { seededRandom } from '../../../core/runtime/random';
import { ThompsonSampling } from './thompson-sampling';

const X = [0.5, 0.8, 0.2];
const Z_SQ = 1.93; // ‖[1, x]‖²

/** Φ by the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e−7): enough for a statistical check. */
function phi(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

describe(ThompsonSampling.name, () => {
  describe('select', () => {
    it('reports the posterior mean and standard deviation of the chosen action', () => {
      const sut = new ThompsonSampling(2, 3, { v: 0.5 });
      sut.update(X, 1, 0.9);
      const s = sut.select(X, seededRandom(1));
      const mean = [0, (0.9 * Z_SQ) / (1 + Z_SQ)];
      const sd = [0.5 * Math.sqrt(Z_SQ), 0.5 * Math.sqrt(Z_SQ / (1 + Z_SQ))];
      expect(s.predictedReward).toBeCloseTo(mean[s.action], 12);
      expect(s.exploration).toBeCloseTo(sd[s.action], 12);
      expect(s.confidence).toBe(s.propensity);
    });

    it('chooses each action with the probability its score law N(θ̂·z, v²·zᵀA⁻¹z) gives', () => {
      const sut = new ThompsonSampling(2, 3, { v: 0.5 });
      sut.update(X, 1, 0.9);
      const rng = seededRandom(2);
      const n = 20_000;
      let ones = 0;
      let propensitySum = 0;
      for (let i = 0; i < n; i++) {
        const s = sut.select(X, rng);
        if (s.action === 1) ones++;
        propensitySum += s.action === 1 ? s.propensity : 0;
      }
      const mean1 = (0.9 * Z_SQ) / (1 + Z_SQ);
      const var0 = 0.25 * Z_SQ;
      const var1 = (0.25 * Z_SQ) / (1 + Z_SQ);
      const p1 = phi(mean1 / Math.sqrt(var0 + var1)); // Φ(0.7369) ≈ 0.7694
      expect(Math.abs(ones / n - p1)).toBeLessThan(0.01);
      // The logged propensities of action 1 average to about its probability (up to the floor's bias).
      expect(Math.abs(propensitySum / ones - p1)).toBeLessThan(0.03);
    });

    it('is the greedy argmax with propensity 1 when v = 0 (ties to action 0)', () => {
      const sut = new ThompsonSampling(3, 3, { v: 0 });
      expect(sut.select(X, seededRandom(3))).toMatchObject({
        action: 0,
        propensity: 1,
        exploration: 0,
        predictedReward: 0,
      });
      sut.update(X, 2, 0.4);
      expect(sut.select(X, seededRandom(3))).toMatchObject({ action: 2, propensity: 1 });
    });

    it('explores all actions evenly before any update', () => {
      const sut = new ThompsonSampling(4, 3);
      const rng = seededRandom(4);
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < 8000; i++) counts[sut.select(X, rng).action]++;
      for (const c of counts) expect(Math.abs(c / 8000 - 0.25)).toBeLessThan(0.02);
    });
  });

  describe('constructor', () => {
    it('names the invalid parameter and defaults to v = 0.25 with the intercept', () => {
      expect(() => new ThompsonSampling(2, 3, { v: -0.1 })).toThrow('v must be a finite number ≥ 0, got -0.1');
      expect(() => new ThompsonSampling(2.5, 3)).toThrow('k (number of actions) must be an integer ≥ 2, got 2.5');
      expect(new ThompsonSampling(2, 3).snapshot().params).toEqual({ v: 0.25, intercept: 1 });
      expect(new ThompsonSampling(2, 3, { intercept: false }).snapshot().params).toEqual({ v: 0.25, intercept: 0 });
    });
  });
});
