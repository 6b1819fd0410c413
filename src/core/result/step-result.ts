import { ErrorCategory, isErrorCategory, isTransientCategory } from './error-category';

/** The step finished and produced `data`. */
export interface StepOk<T> {
  readonly status: 'ok';
  readonly data: T;
}

/** The step decided not to run (nothing to do, not applicable); not a failure. */
export interface StepSkipped {
  readonly status: 'skipped';
  readonly reason: string;
}

/** The step produced `data` but is not sure of it (low confidence, partial input). */
export interface StepUncertain<T> {
  readonly status: 'uncertain';
  readonly data: T;
  readonly reason: string;
}

/** The step failed; `category` says why and `retryable` whether trying again may help. */
export interface StepError<T = unknown> {
  readonly status: 'error';
  readonly error: string;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly data?: T;
}

/**
 * The outcome of every orchestration: a discriminated union on `status`.
 * Payloads always live under `data`.
 *
 * @example
 * switch (result.status) {
 *   case 'ok': return result.data;
 *   case 'uncertain': return result.data;
 *   case 'skipped': return null;
 *   case 'error': throw new Error(result.error);
 *   default: return assertNever(result);
 * }
 */
export type StepResult<T = unknown> = StepOk<T> | StepSkipped | StepUncertain<T> | StepError<T>;

export type StepStatus = StepResult['status'];

export const STEP_STATUSES: readonly StepStatus[] = ['ok', 'skipped', 'uncertain', 'error'];

export function ok<T>(data: T): StepOk<T> {
  return { status: 'ok', data };
}

export function skip(reason: string): StepSkipped {
  return { status: 'skipped', reason };
}

export function uncertain<T>(data: T, reason: string): StepUncertain<T> {
  return { status: 'uncertain', data, reason };
}

export interface FailOptions<T> {
  /** Defaults to true for processing, timeout, unavailable and rate_limited; false otherwise. */
  readonly retryable?: boolean;
  readonly data?: T;
}

export function fail<T = never>(category: ErrorCategory, error: string, options: FailOptions<T> = {}): StepError<T> {
  const result: { -readonly [K in keyof StepError<T>]: StepError<T>[K] } = {
    status: 'error',
    error,
    category,
    retryable: options.retryable ?? isTransientCategory(category),
  };
  if (options.data !== undefined) result.data = options.data;
  return result;
}

export const isOk = <T>(r: StepResult<T>): r is StepOk<T> => r.status === 'ok';
export const isError = <T>(r: StepResult<T>): r is StepError<T> => r.status === 'error';

/** True when a value has the shape of a StepResult (used to guard against orchestrators returning junk). */
export function isStepResult(value: unknown): value is StepResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.status) {
    case 'ok':
      return 'data' in v;
    case 'uncertain':
      return 'data' in v && typeof v.reason === 'string';
    case 'skipped':
      return typeof v.reason === 'string';
    case 'error':
      return typeof v.error === 'string' && isErrorCategory(v.category) && typeof v.retryable === 'boolean';
    default:
      return false;
  }
}

/** Exhaustiveness guard for switches over unions. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
