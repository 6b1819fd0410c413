import { isErrorCategory, type ErrorCategory } from '../../core/result/error-category';
import { CallAbortedError, CallTimeoutError } from './call';
import type { ResilienceOutcome } from './resilience.metrics';

/** The category, retryable flag and metric outcome of a failed execution. */
export function classify(
  error: unknown,
  rejected: boolean,
): { category: ErrorCategory; retryable: boolean; label: ResilienceOutcome } {
  if (rejected) return { category: 'unavailable', retryable: true, label: 'rejected' };
  if (CallTimeoutError.is(error)) return { category: 'timeout', retryable: true, label: 'timeout' };
  if (CallAbortedError.is(error)) return { category: 'processing', retryable: false, label: 'failure' };
  const e = (typeof error === 'object' && error !== null ? error : {}) as { category?: unknown; retryable?: unknown };
  const category = isErrorCategory(e.category) ? e.category : 'processing';
  return {
    category,
    retryable: typeof e.retryable === 'boolean' ? e.retryable : category !== 'validation',
    label: 'failure',
  };
}

/** An error as message text. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}
