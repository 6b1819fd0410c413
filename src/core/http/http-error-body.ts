import type { ErrorCategory } from '../result/error-category';

/** The body of every HTTP error outside a StepResult: the same shape as an error StepResult. */
export interface HttpErrorBody {
  status: 'error';
  category: ErrorCategory;
  error: string;
  retryable: boolean;
  statusCode: number;
  details?: string[];
}

const CATEGORY_BY_STATUS: Record<number, ErrorCategory> = {
  400: 'validation',
  401: 'unauthorized',
  402: 'budget_exceeded',
  403: 'forbidden',
  404: 'not_found',
  405: 'validation',
  406: 'validation',
  409: 'conflict',
  413: 'validation',
  415: 'validation',
  422: 'validation',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
};

export function categoryOfStatus(statusCode: number): ErrorCategory {
  return CATEGORY_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'internal' : 'validation');
}

/** Builds the error body for a status and message(s). */
export function httpErrorBody(statusCode: number, message: string | string[]): HttpErrorBody {
  const details = Array.isArray(message) ? message : undefined;
  const category = categoryOfStatus(statusCode);
  return {
    status: 'error',
    category,
    error: Array.isArray(message) ? message.join('; ') : message,
    retryable: category === 'rate_limited' || category === 'unavailable' || category === 'timeout',
    statusCode,
    ...(details ? { details } : {}),
  };
}
