import type { RandomSource } from '../../core/runtime/random';

export interface RetryPolicy {
  /** Calls in total. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: boolean;
  /** Elapsed ms after which no retry starts. */
  readonly deadlineMs?: number;
  readonly retryOn: (error: unknown) => boolean;
}

/** Why the last call's error is final. */
export type RetryStop = 'exhausted' | 'not_retryable' | 'deadline' | 'aborted';

export type RetryOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number; readonly stop: RetryStop };

/**
 * The wait before retry `k` (0-based): `min(base · 2^k, max)`, times U[0.5, 1.5) with jitter, never above `max`.
 */
export function retryDelayMs(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'jitter'>,
  k: number,
  random: RandomSource,
): number {
  const capped = Math.min(policy.baseDelayMs * 2 ** k, policy.maxDelayMs);
  return policy.jitter ? Math.min(capped * (0.5 + random.next()), policy.maxDelayMs) : capped;
}

/** Default `retryOn`: everything except errors that say they are not retryable or are validation errors. */
export function isRetryableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  const e = error as { retryable?: unknown; category?: unknown };
  return e.retryable !== false && e.category !== 'validation';
}

/**
 * Calls `run` until it succeeds, `policy.attempts` calls were made, `retryOn` rejects the error, the deadline
 * would pass before the next call, or `signal` aborts. `sleep` must reject when the signal aborts.
 */
export async function retry<T>(
  run: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  deps: {
    readonly random: RandomSource;
    readonly now: () => number;
    readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
    readonly signal?: AbortSignal;
  },
  /** The first call was already made (by a caller's fast path) and failed with this error. */
  first?: { readonly error: unknown },
): Promise<RetryOutcome<T>> {
  const started = deps.now();
  let failed = first !== undefined;
  let error: unknown = first?.error;
  for (let attempt = 1; ; attempt++) {
    if (!failed) {
      try {
        return { ok: true, value: await run(attempt), attempts: attempt };
      } catch (e) {
        error = e;
      }
    }
    failed = false;
    if (deps.signal?.aborted) return { ok: false, error, attempts: attempt, stop: 'aborted' };
    if (attempt >= policy.attempts) return { ok: false, error, attempts: attempt, stop: 'exhausted' };
    if (!policy.retryOn(error)) return { ok: false, error, attempts: attempt, stop: 'not_retryable' };
    const delay = retryDelayMs(policy, attempt - 1, deps.random);
    if (policy.deadlineMs !== undefined && deps.now() + delay - started >= policy.deadlineMs)
      return { ok: false, error, attempts: attempt, stop: 'deadline' };
    try {
      await deps.sleep(delay, deps.signal);
    } catch {
      return { ok: false, error, attempts: attempt, stop: 'aborted' };
    }
  }
}
