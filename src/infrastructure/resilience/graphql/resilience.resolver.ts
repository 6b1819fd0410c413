import { BadRequestException, NotFoundException } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { SERVICE_NAME_PATTERN } from '../execute-validation';
import { ResilienceService } from '../resilience.service';
import { BreakerActionEnum, BreakerModel, ResilienceSummaryModel } from './resilience.models';

/** GraphQL view of the resilience summary and the operator controls (the same as the REST routes). */
@Resolver(() => ResilienceSummaryModel)
export class ResilienceResolver {
  constructor(private readonly service: ResilienceService) {}

  @Query(() => ResilienceSummaryModel, { name: 'resilience' })
  summary(): ResilienceSummaryModel {
    const summary = this.service.summary();
    return {
      degradationMode: summary.degradationMode,
      score: summary.score,
      breakers: Object.entries(summary.breakers).map(([service, b]) => ({ service, ...b })),
      services: Object.entries(summary.services).map(([service, h]) => ({ service, ...h })),
    };
  }

  @Mutation(() => BreakerModel)
  breaker(
    @Args('service') service: string,
    @Args('action', { type: () => BreakerActionEnum }) action: keyof typeof BreakerActionEnum,
  ): BreakerModel {
    if (!SERVICE_NAME_PATTERN.test(service))
      throw new BadRequestException('service must be 1-200 letters, digits or . _ : / -');
    const breaker = this.service.act(service, action);
    if (!breaker) throw new NotFoundException(`No circuit breaker for service "${service}"`);
    return { service, ...breaker };
  }
}
