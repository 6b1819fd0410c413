import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { dataOf } from '../../../core/http/feature-controller';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import { RequirePermission } from '../../../core/security/permissions';
import type { Creator, Source } from '../monitoring.types';
import { MONITORING_ORCHESTRATOR } from '../monitoring.orchestrator';
import { MonitoringCreatorModel, MonitoringSourceModel } from './monitoring.models';

const READ = 'realtime_monitoring.read';
const MANAGE = 'realtime_monitoring.manage';
const ADMIN = 'realtime_monitoring.admin';

/**
 * GraphQL view of monitoring: the catalog and the engine, the operations of `realtime_monitoring` through the
 * facade. `settings` are a source's settings as the REST body carries them (checked by the orchestrator's input).
 */
@Resolver(() => MonitoringSourceModel)
export class MonitoringResolver {
  constructor(private readonly facade: OrchestrationFacade) {}

  private run<T>(ctx: OrchestrationContext, input: Record<string, unknown>): Promise<T | undefined> {
    // A null argument is an absent one; a null inside `settings` is kept (`quietHours: null` removes them).
    const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return dataOf(this.facade.orchestrate<T>(MONITORING_ORCHESTRATOR, ctx, defined));
  }

  @Query(() => [MonitoringCreatorModel], { name: 'monitoringCreators' })
  @RequirePermission(READ)
  async creators(@RequestCtx() ctx: OrchestrationContext): Promise<Creator[]> {
    return (await this.run<{ creators: Creator[] }>(ctx, { operation: 'list_creators' }))?.creators ?? [];
  }

  @Query(() => [MonitoringSourceModel], { name: 'monitoringSources' })
  @RequirePermission(READ)
  async sources(
    @Args('creatorId', { type: () => String, nullable: true }) creatorId: string | null,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<Source[]> {
    return (
      (await this.run<{ sources: Source[] }>(ctx, { operation: 'list_sources', creatorId: creatorId ?? undefined }))
        ?.sources ?? []
    );
  }

  @Query(() => GraphQLJSONObject, {
    name: 'monitoringItems',
    description: '{ items }: the items seen on a source, newest first, each with its run (as JSON)',
  })
  @RequirePermission(READ)
  items(
    @Args('sourceId') sourceId: string,
    @Args('limit', { type: () => Int, nullable: true }) limit: number | null,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run(ctx, { operation: 'list_items', sourceId, limit: limit ?? undefined });
  }

  @Query(() => GraphQLJSONObject, { name: 'monitoringStatus', description: 'The engine’s status (as JSON)' })
  @RequirePermission(READ)
  status(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'status' });
  }

  @Query(() => GraphQLJSONObject, { name: 'monitoringNextChecks', description: '{ checks } (as JSON)' })
  @RequirePermission(READ)
  nextChecks(
    @Args('limit', { type: () => Int, nullable: true }) limit: number | null,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run(ctx, { operation: 'next_checks', limit: limit ?? undefined });
  }

  @Mutation(() => MonitoringCreatorModel)
  @RequirePermission(MANAGE)
  addMonitoringCreator(
    @Args('id') id: string,
    @Args('name', { type: () => String, nullable: true }) name: string | null,
    @Args('tier', { type: () => Int, nullable: true }) tier: number | null,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run<Creator>(ctx, { operation: 'add_creator', id, name: name ?? undefined, tier: tier ?? undefined });
  }

  @Mutation(() => GraphQLJSONObject, { description: '{ removed, sources }' })
  @RequirePermission(MANAGE)
  removeMonitoringCreator(@Args('creatorId') creatorId: string, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'remove_creator', creatorId });
  }

  @Mutation(() => MonitoringSourceModel)
  @RequirePermission(MANAGE)
  addMonitoringSource(
    @Args('creatorId') creatorId: string,
    @Args('platform') platform: string,
    @Args('locator') locator: string,
    @Args('settings', { type: () => GraphQLJSONObject, nullable: true }) settings: Record<string, unknown> | null,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run<Source>(ctx, { ...settings, operation: 'add_source', creatorId, platform, locator });
  }

  @Mutation(() => MonitoringSourceModel, { description: 'Changes a source’s settings (update_schedule)' })
  @RequirePermission(MANAGE)
  updateMonitoringSource(
    @Args('sourceId') sourceId: string,
    @Args('settings', { type: () => GraphQLJSONObject }) settings: Record<string, unknown>,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run<Source>(ctx, { ...settings, operation: 'update_schedule', sourceId });
  }

  @Mutation(() => GraphQLJSONObject, { description: '{ removed }' })
  @RequirePermission(MANAGE)
  removeMonitoringSource(@Args('sourceId') sourceId: string, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'remove_source', sourceId });
  }

  @Mutation(() => GraphQLJSONObject, { description: 'What seeding created and found: { creators, sources }' })
  @RequirePermission(MANAGE)
  seedMonitoring(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'seed' });
  }

  @Mutation(() => GraphQLJSONObject, { description: 'What the check did' })
  @RequirePermission(MANAGE)
  checkMonitoringSource(@Args('sourceId') sourceId: string, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'check_now', sourceId });
  }

  @Mutation(() => GraphQLJSONObject, { description: '{ started }' })
  @RequirePermission(ADMIN)
  startMonitoring(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'start' });
  }

  @Mutation(() => GraphQLJSONObject, { description: '{ stopped }' })
  @RequirePermission(ADMIN)
  stopMonitoring(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'stop' });
  }
}
