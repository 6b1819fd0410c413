import { roundTo } from '../../content';

/** `value` limited to [0, 1]; anything that is not a finite number counts as 0. */
export function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/**
 * The last step of every score in this folder: clamp to [0, 1], then round to 3 decimals ("round3").
 * The original rounds only some scores; we round all of them so that thresholds applied downstream (trend at .75,
 * grades at .9/.7/…) compare stable values instead of floating-point noise such as 0.7499999999.
 */
export function score3(value: number): number {
  return roundTo(clamp01(value), 3);
}

/** The arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Whether a stage block "has data": not null/undefined, not an empty or blank string, not an empty array,
 * not an object without keys. Numbers and booleans are data (false and 0 included).
 */
export function isNonEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** A count that may arrive as a number or as the list it counts (`verified_claims: 3` or `[…3 items]`); negatives → 0. */
export function countOf(value: number | readonly unknown[] | null | undefined): number {
  if (Array.isArray(value)) return value.length;
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
}

/** A finite number, or undefined (for optional numeric inputs that may be missing or malformed). */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `table[key]` when the table has that own key (so "constructor" is not found), else `fallback`. */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string, fallback: T): T {
  return Object.hasOwn(table, key) ? table[key] : fallback;
}
