/**
 * Small dense linear algebra for the learners (n ≤ ~65). A square matrix is a row-major `Float64Array` of n·n
 * entries; entry (i, j) is `m[i * n + j]`. Functions that produce a vector write into a caller-owned `out` so
 * that hot loops do not allocate.
 */

/** Σ a_i·b_i over the first `n` entries (default: the length of `a`). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** The n×n identity. */
export function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** out = M·x for an n×n matrix; returns `out`. `out` must not alias `x`. */
export function matVec(m: Float64Array, n: number, x: ArrayLike<number>, out: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    let s = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) s += m[row + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** xᵀ·M·x for an n×n matrix, using `scratch` (length ≥ n) for M·x. */
export function quadraticForm(m: Float64Array, n: number, x: ArrayLike<number>, scratch: Float64Array): number {
  return dot(x, matVec(m, n, x, scratch), n);
}

/**
 * Sherman–Morrison: turns `inv` = A⁻¹ into (A + x·xᵀ)⁻¹ in place,
 * A⁻¹ ← A⁻¹ − (A⁻¹x)(xᵀA⁻¹) / (1 + xᵀA⁻¹x). A⁻¹ is assumed symmetric (as it is for A = I + Σ x·xᵀ), so
 * xᵀA⁻¹ = (A⁻¹x)ᵀ and the result is symmetrised to stop rounding drift. `scratch` needs length ≥ n.
 * Returns xᵀA⁻¹x before the update.
 */
export function shermanMorrisonUpdate(
  inv: Float64Array,
  n: number,
  x: ArrayLike<number>,
  scratch: Float64Array,
): number {
  const u = matVec(inv, n, x, scratch);
  const q = dot(x, u, n);
  const scale = 1 / (1 + q);
  for (let i = 0; i < n; i++) {
    const ui = u[i] * scale;
    const row = i * n;
    for (let j = i; j < n; j++) {
      const v = inv[row + j] - ui * u[j];
      inv[row + j] = v;
      inv[j * n + i] = v;
    }
  }
  return q;
}

/**
 * Cholesky factor of a symmetric positive-definite n×n matrix: the lower-triangular L with L·Lᵀ = M, written into
 * `out` (upper triangle zeroed). Returns false, leaving `out` partly written, when M is not positive definite.
 */
export function cholesky(m: Float64Array, n: number, out: Float64Array): boolean {
  out.fill(0);
  for (let j = 0; j < n; j++) {
    let diag = m[j * n + j];
    for (let p = 0; p < j; p++) diag -= out[j * n + p] * out[j * n + p];
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    out[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = m[i * n + j];
      for (let p = 0; p < j; p++) s -= out[i * n + p] * out[j * n + p];
      out[i * n + j] = s / ljj;
    }
  }
  return true;
}

/**
 * The inverse of an n×n matrix by Gauss–Jordan elimination with partial pivoting (for checks and rebuilding
 * state, not for hot paths). Returns undefined when the matrix is singular to working precision.
 */
export function invert(m: Float64Array, n: number): Float64Array | undefined {
  const a = Float64Array.from(m);
  const inv = identity(n);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) pivot = r;
    const p = a[pivot * n + col];
    if (Math.abs(p) < 1e-300) return undefined;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) {
        [a[col * n + j], a[pivot * n + j]] = [a[pivot * n + j], a[col * n + j]];
        [inv[col * n + j], inv[pivot * n + j]] = [inv[pivot * n + j], inv[col * n + j]];
      }
    }
    for (let j = 0; j < n; j++) {
      a[col * n + j] /= p;
      inv[col * n + j] /= p;
    }
    for (let r = 0; r < n; r++) {
      const f = a[r * n + col];
      if (r === col || f === 0) continue;
      for (let j = 0; j < n; j++) {
        a[r * n + j] -= f * a[col * n + j];
        inv[r * n + j] -= f * inv[col * n + j];
      }
    }
  }
  return inv;
}
