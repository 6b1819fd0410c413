import { DEPTHS, type Depth } from '../content';
import { parseDepth } from '../crew';
import { RUN_MODES, type RunMode } from './autointel.types';

/**
 * A run's depth and mode, read once for every entry point (REST, the CLI, the configuration's default mode).
 * `M` is `undefined` when the caller has no default yet (the CLI resolves it from the configuration later).
 */
export interface RunOptions<M extends RunMode | undefined = RunMode> {
  readonly depth: Depth;
  readonly mode: RunMode | M;
}

/** Why a depth or mode was refused: the field, what it may be, and what was given. Each entry point words it. */
export interface RunOptionProblem {
  readonly field: 'depth' | 'mode';
  readonly allowed: readonly string[];
  readonly got: unknown;
}

/** `mode` trimmed and lower-cased; undefined when it is not one of {@link RUN_MODES}. */
export function parseRunMode(mode: unknown): RunMode | undefined {
  if (typeof mode !== 'string') return undefined;
  const m = mode.trim().toLowerCase();
  return (RUN_MODES as readonly string[]).includes(m) ? (m as RunMode) : undefined;
}

/**
 * Reads `depth` (default `standard`) and `mode` (default `defaultMode`, the configuration's
 * `autointel.defaultMode`), each trimmed and lower-cased; the first refused field comes back as a problem.
 *
 * @example parseRunOptions({ depth: ' Deep ' }, 'autonomous') // { depth: 'deep', mode: 'autonomous' }
 */
export function parseRunOptions<M extends RunMode | undefined>(
  raw: { readonly depth?: unknown; readonly mode?: unknown },
  defaultMode: M,
): RunOptions<M> | RunOptionProblem {
  const depth = parseDepth(raw.depth);
  if (!depth) return { field: 'depth', allowed: DEPTHS, got: raw.depth };
  if (raw.mode === undefined || raw.mode === null) return { depth, mode: defaultMode };
  const mode = parseRunMode(raw.mode);
  if (!mode) return { field: 'mode', allowed: RUN_MODES, got: raw.mode };
  return { depth, mode };
}

/** True when {@link parseRunOptions} refused a field. */
export function isRunOptionProblem<M extends RunMode | undefined>(
  value: RunOptions<M> | RunOptionProblem,
): value is RunOptionProblem {
  return 'field' in value;
}

/** `<name> must be one of a, b, c, got "x"`: the message every entry point gives, `name` spelled its way. */
export function runOptionMessage(problem: RunOptionProblem, name: string = problem.field): string {
  return `${name} must be one of ${problem.allowed.join(', ')}, got ${JSON.stringify(problem.got)}`;
}
