import { createParamDecorator, Inject, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OrchestrationContext } from '../context/orchestration-context';
import { ID_GENERATOR, type IdGenerator } from '../runtime/id-generator';
import { contextForRequest } from './request-context';

/** The request and reply of an HTTP call, as the parameter decorator hands them to its pipe. */
export interface HttpExchange {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
}

/** The exchange of a REST route, or of a GraphQL resolver (Mercurius puts the reply in the GraphQL context). */
const httpExchange = createParamDecorator((_data: unknown, host: ExecutionContext): HttpExchange => {
  if (host.getType<string>() === 'graphql') {
    const { reply } = host.getArgByIndex<{ reply: FastifyReply }>(2);
    return { req: reply.request, reply };
  }
  return {
    req: host.switchToHttp().getRequest<FastifyRequest>(),
    reply: host.switchToHttp().getResponse<FastifyReply>(),
  };
});

/**
 * Turns the request into its root {@link OrchestrationContext}. A pipe rather than the decorator's own factory
 * because it needs the injected id generator (tests use sequential ids).
 */
@Injectable()
export class RequestContextPipe implements PipeTransform<HttpExchange, OrchestrationContext> {
  constructor(@Inject(ID_GENERATOR) private readonly ids: IdGenerator) {}

  transform({ req, reply }: HttpExchange): OrchestrationContext {
    return contextForRequest(req, reply, undefined, this.ids);
  }
}

/**
 * The request's root orchestration context, the same way for every controller and resolver: the authenticated
 * principal and its tenant (see `requestTenant`; 400 naming `x-tenant-id` when malformed, 403 when the key may not
 * act for the tenant it names), request id from `x-request-id` (else generated),
 * trace id from a valid W3C `traceparent` (else generated), and a signal aborted when the client disconnects.
 *
 * @example
 * @Get('summary')
 * summary(@RequestCtx() ctx: OrchestrationContext) {
 *   return this.facade.orchestrate('advanced_bandits', ctx, { operation: 'summary' });
 * }
 */
export const RequestCtx = (): ParameterDecorator => httpExchange(RequestContextPipe);
