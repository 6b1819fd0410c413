import { DEPTHS, type Depth } from '../../content';

/** Values that turn a boolean gate on, compared trimmed and lower-cased. */
const FLAG_ON = new Set(['1', 'true', 'yes', 'on']);

/** The requested and effective depth of one run, after the experimental gate. */
export interface EffectiveDepth {
  /** The canonical depth the caller asked for. */
  readonly requested: Depth;
  /** The depth the run uses: `comprehensive` when `experimental` was requested with the gate off. */
  readonly effective: Depth;
  /** True when the gate downgraded `experimental`; the caller then posts the 0/1 notice. */
  readonly downgraded: boolean;
}

/**
 * Maps free text to a depth. Rules, first match wins, on the trimmed lower-cased text:
 * starts with `exp` or contains `experimental` → experimental; starts with `comp` or contains `comprehensive` →
 * comprehensive; starts with `deep` → deep; anything else (including empty or missing) → standard.
 *
 * @example canonicalDepth('Experimental - Cutting-Edge AI') // 'experimental'
 * @example canonicalDepth('deepest') // 'deep'
 */
export function canonicalDepth(raw: string | undefined | null): Depth {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '') return 'standard';
  if (text.startsWith('exp') || text.includes('experimental')) return 'experimental';
  if (text.startsWith('comp') || text.includes('comprehensive')) return 'comprehensive';
  if (text.startsWith('deep')) return 'deep';
  return 'standard';
}

/** `standard` when absent; trimmed and lower-cased; undefined when not one of the four depths. */
export function parseDepth(depth: unknown): Depth | undefined {
  if (depth === undefined || depth === null) return 'standard';
  if (typeof depth !== 'string') return undefined;
  const d = depth.trim().toLowerCase();
  return (DEPTHS as readonly string[]).includes(d) ? (d as Depth) : undefined;
}

/**
 * Canonicalises `raw` and applies the experimental gate: with the gate off, `experimental` runs as
 * `comprehensive` and `downgraded` is true.
 *
 * @param experimentalEnabled the `ENABLE_EXPERIMENTAL_DEPTH` gate, already read from config (see {@link parseFlag}).
 */
export function effectiveDepth(raw: string | undefined | null, experimentalEnabled: boolean): EffectiveDepth {
  const requested = canonicalDepth(raw);
  const downgraded = requested === 'experimental' && !experimentalEnabled;
  return { requested, effective: downgraded ? 'comprehensive' : requested, downgraded };
}

/**
 * Reads a gate value: on for `1`, `true`, `yes`, `on` (case-insensitive, surrounding whitespace ignored), off for
 * anything else and when missing.
 */
export function parseFlag(value: string | undefined): boolean {
  return value !== undefined && FLAG_ON.has(value.trim().toLowerCase());
}

/**
 * True when `depth` is `min` or a richer depth, in the order standard < deep < comprehensive < experimental.
 *
 * @example depthAtLeast('experimental', 'comprehensive') // true
 */
export function depthAtLeast(depth: Depth, min: Depth): boolean {
  return DEPTHS.indexOf(depth) >= DEPTHS.indexOf(min);
}
