import { seededRandom } from '../../../core/runtime/random';
import { invert, matVec } from './linear-algebra';
import { LinUcb } from './linucb';

const X = [0.5, 0.8, 0.2];
const Z_SQ = 1 + 0.25 + 0.64 + 0.04; // ‖[1, x]‖² = 1.93

describe(LinUcb.name, () => {
  describe('select', () => {
    it('scores a fresh model by the bonus α·‖z‖ alone, so ties go to action 0', () => {
      const sut = new LinUcb(3, 3);
      const s = sut.select(X, seededRandom(1));
      expect(s.action).toBe(0);
      expect(s.predictedReward).toBe(0);
      expect(s.exploration).toBeCloseTo(Math.sqrt(Z_SQ), 12);
      expect(s.confidence).toBeCloseTo(1 / (1 + Math.sqrt(Z_SQ)), 12);
      expect(s.propensity).toBe(1);
    });

    it('after one update of r on a: θ·z = r‖z‖²/(1 + ‖z‖²) and the bonus is α·‖z‖/sqrt(1 + ‖z‖²)', () => {
      const sut = new LinUcb(2, 3, { alpha: 0.5 });
      sut.update(X, 1, 0.9);
      const s = sut.select(X, seededRandom(1));
      // Action 1: 0.9·1.93/2.93 + 0.5·sqrt(1.93/2.93) = 0.5928 + 0.4058 beats action 0's 0.5·sqrt(1.93) = 0.6946.
      expect(s.action).toBe(1);
      expect(s.predictedReward).toBeCloseTo((0.9 * Z_SQ) / (1 + Z_SQ), 12);
      expect(s.exploration).toBeCloseTo(0.5 * Math.sqrt(Z_SQ / (1 + Z_SQ)), 12);
      expect(s.details?.score).toBeCloseTo((0.9 * Z_SQ) / (1 + Z_SQ) + 0.5 * Math.sqrt(Z_SQ / (1 + Z_SQ)), 12);
    });

    it('uses z = x without the intercept', () => {
      const sut = new LinUcb(2, 3, { intercept: false });
      const s = sut.select(X, seededRandom(1));
      expect(s.exploration).toBeCloseTo(Math.sqrt(Z_SQ - 1), 12);
      sut.update(X, 0, 1);
      expect(sut.coefficients(0)).toHaveLength(3);
    });

    it('draws nothing from the random source', () => {
      const sut = new LinUcb(2, 3);
      const throwing = { next: (): number => { throw new Error('drew'); } }; // prettier-ignore
      expect(() => sut.select(X, throwing)).not.toThrow();
    });
  });

  describe('update', () => {
    it('keeps θ_a equal to the ridge solution (I + Σ z·zᵀ)⁻¹·Σ r·z', () => {
      const sut = new LinUcb(2, 3);
      const rng = seededRandom(4);
      const a = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
      const b = new Float64Array(4);
      for (let t = 0; t < 300; t++) {
        const x = [rng.next(), rng.next(), rng.next()];
        const r = rng.next();
        sut.update(x, 1, r);
        sut.update(x, 0, 1 - r);
        const z = [1, ...x];
        for (let i = 0; i < 4; i++) {
          b[i] += r * z[i];
          for (let j = 0; j < 4; j++) a[i * 4 + j] += z[i] * z[j];
        }
      }
      const theta = matVec(invert(a, 4)!, 4, b, new Float64Array(4));
      sut.coefficients(1).forEach((v, i) => expect(v).toBeCloseTo(theta[i], 9));
      expect(sut.updates).toBe(600);
    });
  });

  describe('constructor', () => {
    it('names the invalid parameter and defaults to α = 1 with the intercept', () => {
      expect(() => new LinUcb(2, 3, { alpha: Number.NaN })).toThrow('alpha must be a finite number ≥ 0, got NaN');
      expect(() => new LinUcb(2, 3, { intercept: 1 as unknown as boolean })).toThrow(
        'intercept must be a boolean, got 1',
      );
      expect(new LinUcb(2, 3).snapshot().params).toEqual({ alpha: 1, intercept: 1 });
    });
  });
});
