import {
  ForbiddenException,
  Injectable,
  Logger,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  INSPECT_FIELDS_KEY,
  ORCHESTRATION_PERMISSION,
  PERMISSION_KEY,
  PUBLIC_ROUTE_KEY,
  type InspectedFields,
} from '../../../core/security/permissions';
import { AccessPolicyService } from '../access/access-policy.service';
import { SecurityConfig } from '../security.config';
import { FieldInspector } from './field-inspector';
import type { BoundaryRaw } from './security-boundary';

/**
 * The authorisation half of the security boundary, for every Nest route and GraphQL resolver: the handler (or its
 * class) must declare `@RequirePermission()`, `@PermissionOfOrchestration()` or `@PublicRoute()`; a route that
 * declares nothing is refused (403) and logged, so a forgotten declaration fails closed. The principal the
 * authentication hook put on the request must hold the permission; a denial is 403 and audited by the policy.
 * Then the fields the handler declares with `@InspectFields()` are inspected for threats: the JSON body's for a
 * route, the arguments' for a resolver (a GraphQL request's body is the query, not the input).
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  private readonly logger = new Logger(PermissionGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly policy: AccessPolicyService,
    private readonly config: SecurityConfig,
    private readonly inspector: FieldInspector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.config.auth === 'off') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE_KEY, targets)) return true;
    const permission = this.reflector.getAllAndOverride<string | undefined>(PERMISSION_KEY, targets);
    const req = requestOf(context);
    const raw = req.raw as BoundaryRaw;
    if (permission === undefined) {
      this.logger.error({ event: 'route_without_permission', route: `${req.method} ${req.routeOptions.url}` });
      throw new ForbiddenException('this route declares no permission');
    }
    if (raw.openByConfig) return true;
    const principal = raw.principal;
    if (!principal) throw new UnauthorizedException('an API key is required');
    if (permission !== ORCHESTRATION_PERMISSION) {
      const decision = this.policy.authorize(principal, permission, `${req.method} ${req.routeOptions.url}`, req.id);
      if (!decision.allowed) throw new ForbiddenException(decision.message);
    }
    const inspected = this.reflector.getAllAndOverride<readonly InspectedFields[] | undefined>(
      INSPECT_FIELDS_KEY,
      targets,
    );
    if (inspected) await this.inspector.check(inspected, inspectedSource(context, req), principal, req.ip);
    return true;
  }
}

/** What `@InspectFields()` paths point into: a resolver's arguments, or a route's JSON body. */
function inspectedSource(context: ExecutionContext, req: FastifyRequest): unknown {
  return context.getType<string>() === 'graphql' ? context.getArgByIndex<unknown>(1) : req.body;
}

/** The Fastify request of a REST route, or of a GraphQL resolver (Mercurius puts the reply in its context). */
function requestOf(context: ExecutionContext): FastifyRequest {
  if (context.getType<string>() === 'graphql') return context.getArgByIndex<{ reply: FastifyReply }>(2).reply.request;
  return context.switchToHttp().getRequest<FastifyRequest>();
}
