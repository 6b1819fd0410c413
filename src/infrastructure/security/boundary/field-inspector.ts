import { BadRequestException, Injectable } from '@nestjs/common';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import { INSPECT_FIELDS_KEY, type InspectedFields } from '../../../core/security/permissions';
import type { Principal } from '../../../core/security/principal';
import { ThreatService } from '../threats/threat.service';
import type { InspectedField } from '../threats/threat-patterns';
import { selectFields } from './inspected-fields';
import type { BoundaryRaw } from './security-boundary';

/**
 * Threat inspection of a request's declared fields, shared by the permission guard (Nest routes, GraphQL
 * resolvers) and a Fastify hook for routes served outside Nest: each group is inspected in its own mode, so a
 * monitored match is recorded even when a blocked one refuses the request.
 */
@Injectable()
export class FieldInspector {
  constructor(private readonly threats: ThreatService) {}

  /**
   * Rejects with 400 naming the first field of a blocked match; resolves when nothing was blocked. `undefined`
   * (nothing to wait for) when the request has none of the declared fields, as most requests on most routes.
   */
  check(
    groups: readonly InspectedFields[],
    source: unknown,
    principal: Principal | undefined,
    ip: string | undefined,
  ): Promise<void> | undefined {
    let selected: [readonly InspectedField[], InspectedFields['mode']][] | undefined;
    for (const group of groups) {
      const fields = selectFields(source, group);
      if (fields.length > 0) (selected ??= []).push([fields, group.mode]);
    }
    return selected && this.inspect(selected, principal, ip);
  }

  private async inspect(
    selected: readonly [readonly InspectedField[], InspectedFields['mode']][],
    principal: Principal | undefined,
    ip: string | undefined,
  ): Promise<void> {
    let blocked: string | undefined;
    for (const [fields, mode] of selected) {
      const result = await this.threats.inspect(fields, principal, ip, mode);
      if (result.block) blocked ??= result.field;
    }
    if (blocked !== undefined)
      throw new BadRequestException(`${blocked} was refused: it matches a blocked threat pattern`);
  }

  /**
   * For Fastify routes registered from now on that carry their groups in their route config under
   * `INSPECT_FIELDS_KEY` (the hot orchestrate route, which Nest's guard never sees): a `preHandler` that inspects
   * the parsed body before the handler runs. Routes that configuration opens are not inspected, as in the guard.
   */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const groups = (route.config as Record<string, unknown> | undefined)?.[INSPECT_FIELDS_KEY] as
        readonly InspectedFields[] | undefined;
      if (!groups) return;
      // A callback hook: a request without the declared fields goes on without a promise.
      const inspect: preHandlerHookHandler = (req, _reply, done) => {
        const raw = req.raw as BoundaryRaw;
        const pending = raw.openByConfig ? undefined : this.check(groups, req.body, raw.principal, req.ip);
        if (pending === undefined) done();
        else pending.then(() => done(), done);
      };
      route.preHandler = [...[route.preHandler ?? []].flat(), inspect];
    });
  }
}
