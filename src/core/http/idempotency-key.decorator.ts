import { applyDecorators, BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

/** The request header a client names a write with, so that a retry of it is recognised (also after a restart). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The header's value, or undefined without one; a malformed or repeated one is a 400 naming the header. */
export function idempotencyKeyOf(headers: FastifyRequest['headers']): string | undefined {
  const value = headers[IDEMPOTENCY_KEY_HEADER];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !KEY.test(value))
    throw new BadRequestException('Idempotency-Key must be 1-128 letters, digits or . _ : - (one header)');
  return value;
}

/**
 * The `Idempotency-Key` of a REST write: the route stores it with the write (per tenant), so that the same key again
 * answers as the first request did and changes nothing.
 */
export const IdempotencyKey = createParamDecorator((_data: unknown, host: ExecutionContext): string | undefined =>
  idempotencyKeyOf(host.switchToHttp().getRequest<FastifyRequest>().headers),
);

/** Documents the `Idempotency-Key` header of a route that takes {@link IdempotencyKey}. */
export const ApiIdempotencyKey = (what: string) =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `1-128 letters, digits or . _ : -. ${what}`,
    }),
  );
