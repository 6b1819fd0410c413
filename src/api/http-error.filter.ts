import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ErrorCategory } from '../core/result/error-category';

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

/** Renders Nest's HTTP exceptions (validation, 404, …) as {@link HttpErrorBody}; GraphQL errors are left to GraphQL. */
@Catch(HttpException)
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): unknown {
    if (host.getType<string>() !== 'http') return exception;
    const statusCode = exception.getStatus() || HttpStatus.INTERNAL_SERVER_ERROR;
    const response = exception.getResponse();
    const body =
      typeof response === 'object' && response !== null ? (response as { message?: unknown; details?: unknown }) : {};
    const reply = host.switchToHttp().getResponse<FastifyReply>().status(statusCode);
    // A structured body without a message (terminus's 503 health report) is already the answer.
    if (typeof response === 'object' && response !== null && !('message' in response)) return reply.send(response);
    const message = Array.isArray(body.details)
      ? (body.details as string[])
      : typeof body.message === 'string' || Array.isArray(body.message)
        ? (body.message as string | string[])
        : exception.message;
    return reply.send(httpErrorBody(statusCode, message));
  }
}
