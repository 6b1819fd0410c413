import {
  RESILIENCE_STRATEGY_VALUES,
  ResilienceStrategy,
  type ExecuteOptions,
  type RouteCandidate,
} from '../../core/ports/resilience.port';

/** What a service or candidate name may be (it becomes a metric label and a breaker key). */
export const SERVICE_NAME_PATTERN = /^[A-Za-z0-9._:/-]{1,200}$/;

const STRATEGIES: ReadonlySet<unknown> = new Set(RESILIENCE_STRATEGY_VALUES);

/**
 * Checks the arguments of `execute`; returns the message of the first problem, naming the field. Service names
 * that passed once are remembered in `known` (bounded), so the pattern is not re-run on every call.
 */
export function validate(
  service: unknown,
  primary: unknown,
  options: ExecuteOptions<unknown>,
  known: Set<string>,
): string | undefined {
  if (typeof service !== 'string' || service.length === 0) return 'Missing required parameter: service';
  if (!known.has(service)) {
    if (!SERVICE_NAME_PATTERN.test(service))
      return `service must be 1-200 letters, digits or . _ : / -, got "${service.slice(0, 50)}"`;
    if (known.size < 10_000) known.add(service);
  }
  if (primary === undefined || primary === null) return 'Missing required parameter: primary';
  if (Array.isArray(primary)) {
    if (primary.length === 0) return 'primary must be a function or a non-empty list of candidates';
    const names = new Set<string>();
    for (const c of primary as RouteCandidate<unknown>[]) {
      if (typeof c?.name !== 'string' || !SERVICE_NAME_PATTERN.test(c.name) || typeof c.run !== 'function')
        return 'each candidate needs a name (1-200 letters, digits or . _ : / -) and a run function';
      if (names.has(c.name)) return `candidate "${c.name}" is listed twice`;
      names.add(c.name);
    }
    if (primary.length > 1 && options.strategy !== ResilienceStrategy.AdaptiveRouting)
      return 'several candidates need strategy adaptive_routing';
  } else if (typeof primary !== 'function') return 'primary must be a function or a non-empty list of candidates';
  if (options.strategy !== undefined && !STRATEGIES.has(options.strategy)) {
    return `Unknown resilience strategy: ${JSON.stringify(options.strategy)} (one of ${RESILIENCE_STRATEGY_VALUES.join(', ')})`;
  }
  if (options.fallback !== undefined && typeof options.fallback !== 'function') return 'fallback must be a function';
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs >= 0))
    return 'timeoutMs must be an integer ≥ 0 (0: no timeout)';
  const r = options.retry;
  if (r) {
    if (r.attempts !== undefined && !(Number.isInteger(r.attempts) && r.attempts >= 1 && r.attempts <= 100))
      return 'retry.attempts must be an integer from 1 to 100';
    for (const key of ['baseDelayMs', 'maxDelayMs', 'deadlineMs'] as const) {
      const v = r[key];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) return `retry.${key} must be a number ≥ 0`;
    }
    if (r.retryOn !== undefined && typeof r.retryOn !== 'function') return 'retry.retryOn must be a function';
  }
  return undefined;
}
