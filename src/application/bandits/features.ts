/**
 * Context features for the bandit domains: a stable user hash, the domain triple, the hour of day and the
 * caller's named features, laid out in a fixed-length vector. Pure: the clock and the features are inputs.
 */

export { fnv1a32 } from '../../core/runtime/hash';
import { fnv1a32 } from '../../core/runtime/hash';

/** The three slots that tell the built-in domains apart (they also act as the intercept). */
export const DOMAIN_TRIPLES: Readonly<Record<string, readonly [number, number, number]>> = {
  model_routing: [0.8, 0.2, 0.1],
  content_analysis: [0.2, 0.8, 0.1],
  user_engagement: [0.1, 0.2, 0.8],
};

/** The triple of any domain not in {@link DOMAIN_TRIPLES}. */
export const DEFAULT_TRIPLE: readonly [number, number, number] = [0.33, 0.33, 0.33];

/** The value used for a named feature the caller did not give (a constant, so decisions are reproducible). */
export const FEATURE_DEFAULT = 0.5;

/** The named features read when a domain does not list its own. */
export const DEFAULT_FEATURE_NAMES: readonly string[] = ['complexity', 'priority'];

export interface ContextVectorInput {
  readonly userId: string;
  readonly domain: string;
  /** Named features in [0, 1] (see {@link validateFeatures}). */
  readonly features: Readonly<Record<string, number>>;
  /** Decision time in epoch milliseconds; only the UTC hour is used. */
  readonly timestampMs: number;
  /** Length of the vector: shorter layouts are zero-padded, longer ones truncated. */
  readonly dimension: number;
  /** Which features fill the slots after the hour; default {@link DEFAULT_FEATURE_NAMES}. */
  readonly featureNames?: readonly string[];
  /** Overrides the domain's triple (runtime domains); default from {@link DOMAIN_TRIPLES}. */
  readonly triple?: readonly [number, number, number];
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/**
 * The context vector of a decision:
 * `[ (fnv1a32(userId) mod 1000) / 1000, triple₀, triple₁, triple₂, utcHour / 24, ...featureNames values ]`,
 * zero-padded or truncated to `dimension`. A missing feature reads as {@link FEATURE_DEFAULT}.
 *
 * @example
 * // model_routing at 15:00 UTC, complexity 0.3, priority 0.7, dimension 8:
 * // [h, 0.8, 0.2, 0.1, 0.625, 0.3, 0.7, 0]
 */
export function contextVector(input: ContextVectorInput): number[] {
  const { dimension } = input;
  if (!Number.isInteger(dimension) || dimension < 1)
    throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
  if (!Number.isFinite(input.timestampMs))
    throw new RangeError(`timestampMs must be a finite number, got ${input.timestampMs}`);
  const triple =
    input.triple ?? (Object.hasOwn(DOMAIN_TRIPLES, input.domain) ? DOMAIN_TRIPLES[input.domain] : DEFAULT_TRIPLE);
  // The double modulo keeps the hour in 0..23 for timestamps before 1970 as well.
  const msOfDay = ((input.timestampMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  const hour = Math.floor(msOfDay / MS_PER_HOUR);
  const names = input.featureNames ?? DEFAULT_FEATURE_NAMES;
  const named = names.map((name) => (Object.hasOwn(input.features, name) ? input.features[name] : FEATURE_DEFAULT));
  const layout = [(fnv1a32(input.userId) % 1000) / 1000, ...triple, hour / 24, ...named];
  return Array.from({ length: dimension }, (_, i) => layout[i] ?? 0);
}

/** The outcome of a validation: the cleaned value, or the exact field at fault and why. */
export type Validated<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** At most this many named features per decision. */
export const MAX_FEATURES = 32;
const FEATURE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Checks caller-given features: a plain object of at most {@link MAX_FEATURES} keys (1–64 letters, digits or
 * `_ . -`), each a finite number in [0, 1]. Returns a copy, or the first problem with its field path.
 *
 * @example validateFeatures({ complexity: 2 }) // message "features.complexity must be a number in [0, 1], got 2"
 */
export function validateFeatures(features: unknown, field = 'features'): Validated<Record<string, number>> {
  if (typeof features !== 'object' || features === null || Array.isArray(features)) {
    return {
      ok: false,
      field,
      message: `${field} must be an object of numbers in [0, 1], got ${describeValue(features)}`,
    };
  }
  const entries = Object.entries(features);
  if (entries.length > MAX_FEATURES) {
    return { ok: false, field, message: `${field} has ${entries.length} keys; at most ${MAX_FEATURES} are allowed` };
  }
  for (const [key, value] of entries) {
    if (!FEATURE_KEY.test(key)) {
      return { ok: false, field, message: `${field} key ${JSON.stringify(key)} must be 1-64 letters, digits or _ . -` };
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      return {
        ok: false,
        field: `${field}.${key}`,
        message: `${field}.${key} must be a number in [0, 1], got ${describeValue(value)}`,
      };
    }
  }
  return { ok: true, value: Object.fromEntries(entries) };
}

/** A short rendering of a rejected value for error messages (NaN and Infinity stay readable). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'object') return typeof value;
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return typeof value; // cyclic objects
  }
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}
