import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { dataOf } from '../../../core/http/feature-controller';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import { InspectFields, RequirePermission } from '../../../core/security/permissions';
import { MISSION_ORCHESTRATOR } from '../mission.orchestrator';
import type { MissionRecord } from '../mission.types';
import type { MissionPlan } from '../planning/mission-plan';
import { MissionModel, MissionPlanModel } from './mission.models';

/** GraphQL view of missions: plan one, read one; the operations of `mission_orchestrator`, through the facade. */
@Resolver(() => MissionModel)
export class MissionResolver {
  constructor(private readonly facade: OrchestrationFacade) {}

  /** A mutation, as planning may call (and pay for) the LLM. */
  @Mutation(() => MissionPlanModel)
  @RequirePermission('mission_orchestrator.run')
  @InspectFields({ fields: ['url'], mode: 'block' })
  async planMission(
    @Args('url') url: string,
    @Args('depth', { type: () => String, nullable: true }) depth: string | null | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<MissionPlan | undefined> {
    const input = { operation: 'plan', url, ...(depth === undefined || depth === null ? {} : { depth }) };
    return dataOf(this.facade.orchestrate<MissionPlan>(MISSION_ORCHESTRATOR, ctx, input));
  }

  /** The mission of the caller's tenant, or an error (404) for an unknown one or another tenant's. */
  @Query(() => MissionModel, { name: 'mission' })
  @RequirePermission('mission_orchestrator.read')
  async mission(
    @Args('missionId') missionId: string,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<MissionRecord | undefined> {
    return dataOf(this.facade.orchestrate<MissionRecord>(MISSION_ORCHESTRATOR, ctx, { operation: 'get', missionId }));
  }
}
