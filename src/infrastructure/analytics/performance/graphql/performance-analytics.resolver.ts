import { Args, Float, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';
import type { OrchestrationContext } from '../../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../../core/facade/orchestration.facade';
import { dataOf } from '../../../../core/http/feature-controller';
import { RequestCtx } from '../../../../core/http/request-ctx.decorator';
import type { OrchestrationInput } from '../../../../core/orchestrator/orchestrator.types';
import { RequirePermission } from '../../../../core/security/permissions';
import { PERFORMANCE_ANALYTICS_ORCHESTRATOR } from '../performance-analytics.orchestrator';

const hours = (h: number | null | undefined) => (h === undefined || h === null ? {} : { lookbackHours: h });

/** Performance analytics over GraphQL: the `performance_analytics` orchestrator's reads, through the facade. */
@Resolver()
export class PerformanceAnalyticsResolver {
  constructor(private readonly facade: OrchestrationFacade) {}

  private run<T>(ctx: OrchestrationContext, input: OrchestrationInput): Promise<T | undefined> {
    return dataOf(this.facade.orchestrate<T>(PERFORMANCE_ANALYTICS_ORCHESTRATOR, ctx, input));
  }

  @Query(() => GraphQLJSONObject, { name: 'performanceAnalysis', description: 'The full analysis (as JSON)' })
  @RequirePermission('performance_analytics.run')
  async analysis(
    @Args('lookbackHours', { type: () => Float, nullable: true }) lookbackHours: number | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<Record<string, unknown> | undefined> {
    return this.run(ctx, { operation: 'analyze', ...hours(lookbackHours) });
  }

  @Query(() => String, { name: 'performanceReport', description: 'The report: json, markdown or html' })
  @RequirePermission('performance_analytics.read')
  async report(
    @Args('format', { defaultValue: 'markdown' }) format: string,
    @Args('lookbackHours', { type: () => Float, nullable: true }) lookbackHours: number | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<string | undefined> {
    return (await this.run<{ body: string }>(ctx, { operation: 'report', format, ...hours(lookbackHours) }))?.body;
  }

  @Query(() => GraphQLJSONObject, { name: 'performanceAlerts', description: 'Rule states and the newest alerts' })
  @RequirePermission('performance_analytics.read')
  async alerts(@RequestCtx() ctx: OrchestrationContext): Promise<Record<string, unknown> | undefined> {
    return this.run(ctx, { operation: 'alerts' });
  }

  @Query(() => GraphQLJSONObject, { name: 'performanceAlertRules', description: 'The rules in force' })
  @RequirePermission('performance_analytics.read')
  async rules(@RequestCtx() ctx: OrchestrationContext): Promise<Record<string, unknown> | undefined> {
    return this.run(ctx, { operation: 'rules' });
  }
}
