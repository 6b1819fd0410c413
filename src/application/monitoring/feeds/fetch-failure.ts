import { isBlockedAddressError } from '../../../core/http/address-guard';
import { NETWORK_ERROR_CODES as NETWORK_CODES } from '../../../core/http/network-codes';
import type { CheckErrorKind, CheckOutcome } from '../monitoring.types';

export type CheckError = Extract<CheckOutcome, { status: 'error' }>;

/** An `error` outcome; unspecified fields are null (0 bytes). */
export function errorOutcome(
  kind: CheckErrorKind,
  message: string,
  extra: { httpStatus?: number | null; retryAfterMs?: number | null; bytes?: number } = {},
): CheckError {
  return {
    status: 'error',
    kind,
    message,
    httpStatus: extra.httpStatus ?? null,
    retryAfterMs: extra.retryAfterMs ?? null,
    bytes: extra.bytes ?? 0,
  };
}

/** The outcome for an exception thrown while fetching `url`: timeout, blocked address, or unreachable. */
export function failureOutcome(
  error: unknown,
  url: URL,
  bytes: number,
  context: { deadline: AbortSignal; caller: AbortSignal; timeoutMs: number },
): CheckError {
  if (context.deadline.aborted) {
    return errorOutcome('timeout', `GET ${url.href}: no complete response within ${context.timeoutMs} ms`, { bytes });
  }
  if (context.caller.aborted) {
    const reason: unknown = context.caller.reason;
    const timedOut = reason instanceof DOMException && reason.name === 'TimeoutError';
    return errorOutcome(timedOut ? 'timeout' : 'unreachable', `GET ${url.href}: aborted by the caller`, { bytes });
  }
  // Duck-typed and bounded: errors from Node's core may come from another realm (jest), and causes can loop.
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && typeof cause === 'object' && cause !== null; depth++) {
    if (isBlockedAddressError(cause)) return errorOutcome('blocked', `GET ${url.href}: ${cause.message}`, { bytes });
    const code = (cause as NodeJS.ErrnoException).code;
    if (code && NETWORK_CODES.has(code)) {
      return errorOutcome('unreachable', `GET ${url.href}: cannot reach the server (${code})`, { bytes });
    }
    cause = (cause as Error).cause;
  }
  const message = error instanceof Error ? error.message : String(error);
  return errorOutcome('unreachable', `GET ${url.href}: ${message}`, { bytes });
}
