/**
 * Readers for snapshots read back from JSON: each returns the value with its type or throws a
 * {@link SnapshotFieldError} naming the field.
 */
import { SnapshotFieldError } from './snapshot-field.error';

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v;
}

function bad(field: string, expected: string, v: unknown): SnapshotFieldError {
  return new SnapshotFieldError(field, `must be ${expected}, got ${describe(v)}`);
}

export function objectAt(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(field, 'an object', v);
  return v as Record<string, unknown>;
}

export function arrayAt(v: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(v)) throw bad(field, 'an array', v);
  return v;
}

export function numberAt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, 'a finite number', v);
  return v;
}

/** A whole number ≥ 0. */
export function countAt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw bad(field, 'a whole number ≥ 0', v);
  return v;
}

export function stringAt(v: unknown, field: string): string {
  if (typeof v !== 'string') throw bad(field, 'a string', v);
  return v;
}

export function oneOfAt<T extends string>(v: unknown, values: readonly T[], field: string): T {
  if (!values.includes(v as T)) throw bad(field, `one of ${values.join(', ')}`, v);
  return v as T;
}

export function numbersAt(v: unknown, field: string): number[] {
  return arrayAt(v, field).map((x, i) => numberAt(x, `${field}[${i}]`));
}

/** A number as JSON can hold it: non-finite values (which JSON would turn into null) as their names. */
export type JsonNumber = number | 'Infinity' | '-Infinity' | 'NaN';

export function toJsonNumber(x: number): JsonNumber {
  return Number.isFinite(x) ? x : (String(x) as JsonNumber);
}

export function jsonNumberAt(v: unknown, field: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === 'Infinity' || v === '-Infinity' || v === 'NaN') return Number(v);
  throw bad(field, 'a finite number, "Infinity", "-Infinity" or "NaN"', v);
}

/** The snapshot itself, as an object (an error about it names no field). */
export function snapshotAt(v: unknown): Record<string, unknown> {
  return objectAt(v, '');
}

/**
 * `[key, value]` pairs in their order, each key a string seen once, each value read by `read` (which gets the
 * value's field path).
 */
export function pairsAt<T>(v: unknown, field: string, read: (value: unknown, field: string) => T): [string, T][] {
  const seen = new Set<string>();
  return arrayAt(v, field).map((pair, i) => {
    const at = `${field}[${i}]`;
    const entry = arrayAt(pair, at);
    if (entry.length !== 2)
      throw new SnapshotFieldError(at, `must be a [key, value] pair, got an array of ${entry.length}`);
    const [key, value] = entry;
    const k = stringAt(key, `${at}[0]`);
    if (seen.has(k)) throw new SnapshotFieldError(`${at}[0]`, `repeats the key ${describe(k)}`);
    seen.add(k);
    return [k, read(value, `${at}[1]`)];
  });
}

/** Runs `read` on a part of a larger snapshot: an error names its field under `parent`. */
export function within<T>(parent: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw SnapshotFieldError.is(e) ? e.within(parent) : e;
  }
}
