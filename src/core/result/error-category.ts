/**
 * Why an orchestration failed. A fixed set: callers switch on it, the HTTP edge maps it to a status code.
 */
export const ErrorCategory = {
  Validation: 'validation',
  NotFound: 'not_found',
  Processing: 'processing',
  Timeout: 'timeout',
  Unavailable: 'unavailable',
  RateLimited: 'rate_limited',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  Conflict: 'conflict',
  BudgetExceeded: 'budget_exceeded',
  Internal: 'internal',
} as const;

export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

export const ERROR_CATEGORIES: readonly ErrorCategory[] = Object.values(ErrorCategory);

/** One HTTP status per category, used only at the edges (REST controller, GraphQL extensions). */
export const HTTP_STATUS_BY_CATEGORY: Readonly<Record<ErrorCategory, number>> = {
  validation: 400,
  unauthorized: 401,
  budget_exceeded: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  processing: 500,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

/** Categories whose failures may succeed when simply tried again. */
const TRANSIENT: ReadonlySet<ErrorCategory> = new Set<ErrorCategory>([
  'processing',
  'timeout',
  'unavailable',
  'rate_limited',
]);

/** The default `retryable` flag of a failure in this category. */
export function isTransientCategory(category: ErrorCategory): boolean {
  return TRANSIENT.has(category);
}

export function isErrorCategory(value: unknown): value is ErrorCategory {
  return typeof value === 'string' && (ERROR_CATEGORIES as readonly string[]).includes(value);
}
