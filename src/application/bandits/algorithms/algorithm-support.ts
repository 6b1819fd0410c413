/**
 * Shared checks and helpers of the learners: argument validation (RangeError naming the argument), argmax with
 * ties to the lowest index, and defensive readers for snapshot state that comes back from a store.
 */

export const clamp01 = (v: number): number => (v > 1 ? 1 : v > 0 ? v : 0);

/** Index of the largest of the first `n` scores; ties go to the lowest index. */
export function argmax(scores: ArrayLike<number>, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (scores[i] > scores[best]) best = i;
  return best;
}

/** Checks the number of actions (integer ≥ 2) and the context dimension (integer ≥ 1). */
export function checkShape(k: number, d: number): void {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k (number of actions) must be an integer ≥ 2, got ${k}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`d (context dimension) must be an integer ≥ 1, got ${d}`);
}

/** Checks an optional numeric parameter against a rule; returns it or the default. */
export function param(
  name: string,
  value: number | undefined,
  fallback: number,
  ok: (v: number) => boolean,
  rule: string,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value))
    throw new RangeError(`${name} must be ${rule}, got ${String(value)}`);
  return value;
}

/** Checks a context vector: length d, finite entries. */
export function checkContext(x: readonly number[], d: number): void {
  if (!x || x.length !== d) throw new RangeError(`context must have length ${d}, got ${x ? x.length : String(x)}`);
  for (let i = 0; i < d; i++)
    if (!Number.isFinite(x[i])) throw new RangeError(`context[${i}] must be a finite number, got ${x[i]}`);
}

/** Checks feedback: an action index in [0, k) and a reward in [0, 1]. */
export function checkFeedback(x: readonly number[], d: number, a: number, r: number, k: number): void {
  checkContext(x, d);
  if (!Number.isInteger(a) || a < 0 || a >= k)
    throw new RangeError(`action must be an integer in [0, ${k - 1}], got ${a}`);
  if (!(r >= 0 && r <= 1)) throw new RangeError(`reward must be in [0, 1], got ${r}`);
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A finite-number array of exactly `n` entries as a Float64Array, or undefined. */
export function readVector(v: unknown, n: number): Float64Array | undefined {
  if (!Array.isArray(v) || v.length !== n) return undefined;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e: unknown = v[i];
    if (typeof e !== 'number' || !Number.isFinite(e)) return undefined;
    out[i] = e;
  }
  return out;
}

/** A rows×cols array of finite-number rows as a list of Float64Array rows, or undefined. */
export function readRows(v: unknown, rows: number, cols: number): Float64Array[] | undefined {
  if (!Array.isArray(v) || v.length !== rows) return undefined;
  const out: Float64Array[] = [];
  for (const row of v) {
    const r = readVector(row, cols);
    if (!r) return undefined;
    out.push(r);
  }
  return out;
}

/** An n×n nested array as a flat row-major Float64Array, or undefined. */
export function readSquare(v: unknown, n: number): Float64Array | undefined {
  const rows = readRows(v, n, n);
  if (!rows) return undefined;
  const out = new Float64Array(n * n);
  rows.forEach((r, i) => out.set(r, i * n));
  return out;
}

/** A flat row-major n×n matrix as nested plain arrays (JSON form). */
export function squareToRows(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(m.subarray(i * n, (i + 1) * n)));
}

/** A non-negative integer, or undefined. */
export function readCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}
