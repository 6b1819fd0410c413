import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { dataOf } from '../../../core/http/feature-controller';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import { RESILIENCE_ORCHESTRATOR } from '../resilience.orchestrator';
import type { BreakerSummary, ResilienceSummary } from '../resilience.types';
import { BreakerActionEnum, BreakerModel, ResilienceSummaryModel } from './resilience.models';
import { RequirePermission } from '../../../core/security/permissions';

/**
 * GraphQL view of the resilience summary and the operator controls: the same operations of the `resilience`
 * orchestrator as the REST routes, run through the facade.
 */
@Resolver(() => ResilienceSummaryModel)
export class ResilienceResolver {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Query(() => ResilienceSummaryModel, { name: 'resilience' })
  @RequirePermission('resilience.read')
  async summary(@RequestCtx() ctx: OrchestrationContext): Promise<ResilienceSummaryModel | undefined> {
    const summary = await dataOf(
      this.facade.orchestrate<ResilienceSummary>(RESILIENCE_ORCHESTRATOR, ctx, { operation: 'summary' }),
    );
    return (
      summary && {
        degradationMode: summary.degradationMode,
        score: summary.score,
        breakers: Object.entries(summary.breakers).map(([service, b]) => ({ service, ...b })),
        services: Object.entries(summary.services).map(([service, h]) => ({ service, ...h })),
      }
    );
  }

  @Mutation(() => BreakerModel)
  @RequirePermission('resilience.admin')
  async breaker(
    @Args('service') service: string,
    @Args('action', { type: () => BreakerActionEnum }) action: keyof typeof BreakerActionEnum,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<BreakerModel | undefined> {
    const input = { operation: 'breaker', service, action };
    const data = await dataOf(
      this.facade.orchestrate<{ service: string; breaker: BreakerSummary }>(RESILIENCE_ORCHESTRATOR, ctx, input),
    );
    return data && { service: data.service, ...data.breaker };
  }
}
