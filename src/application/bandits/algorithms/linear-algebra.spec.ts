import { cholesky, dot, identity, invert, matVec, quadraticForm, shermanMorrisonUpdate } from './linear-algebra';

const M3 = Float64Array.from([4, 1, 0.5, 1, 3, -0.2, 0.5, -0.2, 2]);

function expectMatrixClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 9));
}

describe('linear algebra', () => {
  describe(dot.name, () => {
    it('sums the products, over the first n entries when n is given', () => {
      expect(dot([1, 2, 3], [4, -5, 6])).toBe(12);
      expect(dot([1, 2, 3], [4, -5, 6], 2)).toBe(-6);
    });
  });

  describe(identity.name, () => {
    it('has ones on the diagonal only', () => {
      expect(Array.from(identity(3))).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    });
  });

  describe(matVec.name, () => {
    it('multiplies row-major', () => {
      const out = new Float64Array(3);
      expect(Array.from(matVec(M3, 3, [1, 2, 3], out))).toEqual([7.5, 6.4, 6.1]);
      expect(quadraticForm(M3, 3, [1, 2, 3], new Float64Array(3))).toBeCloseTo(7.5 + 12.8 + 18.3, 12);
    });
  });

  describe(shermanMorrisonUpdate.name, () => {
    it('equals the direct inverse of A + x·xᵀ for a 3×3', () => {
      const inv = invert(M3, 3)!;
      const x = [0.3, -1.2, 0.7];
      const q = shermanMorrisonUpdate(inv, 3, x, new Float64Array(3));
      const updated = Float64Array.from(M3);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) updated[i * 3 + j] += x[i] * x[j];
      expectMatrixClose(inv, invert(updated, 3)!);
      expect(q).toBeCloseTo(quadraticForm(invert(M3, 3)!, 3, x, new Float64Array(3)), 12);
    });

    it('keeps (I + Σ x·xᵀ)⁻¹ exact and symmetric over many updates', () => {
      const inv = identity(3);
      const a = identity(3);
      const scratch = new Float64Array(3);
      for (let t = 0; t < 200; t++) {
        const x = [Math.sin(t), Math.cos(3 * t), ((t % 7) - 3) / 3];
        shermanMorrisonUpdate(inv, 3, x, scratch);
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) a[i * 3 + j] += x[i] * x[j];
      }
      expectMatrixClose(inv, invert(a, 3)!);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(inv[i * 3 + j]).toBe(inv[j * 3 + i]);
    });
  });

  describe(cholesky.name, () => {
    it('factors a symmetric positive-definite matrix as L·Lᵀ', () => {
      const m = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
      const l = new Float64Array(9);
      expect(cholesky(m, 3, l)).toBe(true);
      expectMatrixClose(l, Float64Array.from([2, 0, 0, 6, 1, 0, -8, 5, 3]));
    });

    it('reports a matrix that is not positive definite', () => {
      expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2, new Float64Array(4))).toBe(false);
      expect(cholesky(Float64Array.from([0, 0, 0, 1]), 2, new Float64Array(4))).toBe(false);
    });
  });

  describe(invert.name, () => {
    it('inverts with pivoting and returns undefined for a singular matrix', () => {
      const m = Float64Array.from([0, 2, 1, 1]);
      expectMatrixClose(invert(m, 2)!, Float64Array.from([-0.5, 1, 0.5, 0]));
      expect(invert(Float64Array.from([1, 2, 2, 4]), 2)).toBeUndefined();
      const product = new Float64Array(9);
      const inv = invert(M3, 3)!;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) for (let p = 0; p < 3; p++) product[i * 3 + j] += M3[i * 3 + p] * inv[p * 3 + j];
      expectMatrixClose(product, identity(3));
    });
  });
});
