import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import type { OrchestrationLayer } from '../../core/orchestrator/orchestrator.types';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { httpStatusOf } from '../orchestrators.controller';
import { ORCHESTRATE_INSPECTION } from '../orchestrate.route';
import { contextForRequest } from '../../core/http/request-context';
import {
  GraphQLJSONObject,
  LayerEnum,
  OrchestrationContextInput,
  OrchestratorModel,
  StepResultModel,
} from './orchestration.models';
import { InspectFields, PermissionOfOrchestration, RequirePermission } from '../../core/security/permissions';

/** GraphQL view of the facade: the same operations as the REST controller. */
@Resolver(() => OrchestratorModel)
export class OrchestratorsResolver {
  constructor(
    private readonly facade: OrchestrationFacade,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Query(() => [OrchestratorModel])
  @RequirePermission('orchestrators.read')
  orchestrators(
    @Args('layer', { type: () => LayerEnum, nullable: true }) layer?: OrchestrationLayer,
  ): OrchestratorModel[] {
    return this.facade.list(layer);
  }

  @Query(() => OrchestratorModel, { nullable: true })
  @RequirePermission('orchestrators.read')
  orchestrator(@Args('name') name: string): OrchestratorModel | null {
    return this.facade.describe(name) ?? null;
  }

  @Mutation(() => StepResultModel)
  @PermissionOfOrchestration()
  // The arguments mirror the REST body (`input`, `context`): the same fields are inspected.
  @InspectFields(...ORCHESTRATE_INSPECTION)
  async orchestrate(
    @Args('name') name: string,
    @Args('input', { type: () => GraphQLJSONObject, nullable: true }) input: Record<string, unknown> | undefined,
    @Args('context', { type: () => OrchestrationContextInput, nullable: true }) context: OrchestrationContextInput,
    // The whole context, not @Context('reply'): a Fastify reply is thenable and Nest would await it.
    @Context() gql: { reply: FastifyReply & { request: FastifyRequest } },
  ): Promise<StepResultModel> {
    const ctx = contextForRequest(gql.reply.request, gql.reply, context ?? undefined, this.ids);
    // As over REST: the request's JSON is `input` only, never in-process options.
    const result = await this.facade.orchestrate(name, ctx, input ?? {});
    return { ...result, httpStatus: httpStatusOf(result) };
  }
}
