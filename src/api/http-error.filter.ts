import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { httpErrorBody } from '../core/http/http-error-body';

export { categoryOfStatus, httpErrorBody, type HttpErrorBody } from '../core/http/http-error-body';

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
