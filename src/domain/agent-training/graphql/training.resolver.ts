import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { dataOf } from '../../../core/http/feature-controller';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import type { OrchestrationInput } from '../../../core/orchestrator/orchestrator.types';
import { RequirePermission } from '../../../core/security/permissions';
import type { VersionedDefinition } from '../../crew';
import { AGENT_TRAINING } from '../training.orchestrator';
import type { EnhancementOutcome } from '../training.service';
import {
  AgentDefinitionVersionModel,
  TrainingDefinitionsModel,
  TrainingEnhancementModel,
  TrainingExamplesModel,
} from './training.models';

const versionModel = (v: VersionedDefinition): AgentDefinitionVersionModel => ({
  ...v,
  definition: { ...v.definition },
});
const json = (v: unknown) => v as Record<string, unknown>;

/** Fields given (GraphQL passes null for omitted nullable arguments). */
const given = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));

/**
 * Agent training over GraphQL: the operations of `agent_training`, run through the facade with the same permissions
 * and checks as the `/training` routes.
 */
@Resolver(() => TrainingDefinitionsModel)
export class TrainingResolver {
  constructor(private readonly facade: OrchestrationFacade) {}

  private run<T>(ctx: OrchestrationContext, input: OrchestrationInput): Promise<T | undefined> {
    return dataOf(this.facade.orchestrate<T>(AGENT_TRAINING, ctx, input));
  }

  /** The roster's current definitions (instance-wide, not per tenant) and the kept candidates. */
  @Query(() => TrainingDefinitionsModel, { name: 'trainingDefinitions' })
  @RequirePermission('agent_training.read')
  async definitions(@RequestCtx() ctx: OrchestrationContext): Promise<TrainingDefinitionsModel> {
    const data = await this.run<{ agents: VersionedDefinition[]; candidates: unknown[] }>(ctx, {
      operation: 'definitions',
    });
    return { agents: (data?.agents ?? []).map(versionModel), candidates: (data?.candidates ?? []).map(json) };
  }

  /** Every stored version of a crew agent's definition, oldest first. */
  @Query(() => [AgentDefinitionVersionModel], { name: 'agentDefinitionVersions' })
  @RequirePermission('agent_training.read')
  async versions(
    @Args('agent') agent: string,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<AgentDefinitionVersionModel[]> {
    const data = await this.run<{ versions: VersionedDefinition[] }>(ctx, { operation: 'versions', agent });
    return (data?.versions ?? []).map(versionModel);
  }

  /** The agent's performance report over `days` (default training.windowDays), from the tenant's interactions. */
  @Query(() => GraphQLJSONObject, { name: 'agentPerformanceReport', nullable: true })
  @RequirePermission('agent_training.read')
  async report(
    @Args('agent') agent: string,
    @Args('days', { type: () => Int, nullable: true }) days: number | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<Record<string, unknown> | undefined> {
    return this.run<Record<string, unknown>>(ctx, { operation: 'report', ...given({ agent, days }) });
  }

  /** Synthetic examples for the agent's focus; the same seed gives the same examples. */
  @Mutation(() => TrainingExamplesModel)
  @RequirePermission('agent_training.run')
  async trainingExamples(
    @Args('agent') agent: string,
    @Args('count', { type: () => Int, nullable: true }) count: number | undefined,
    @Args('seed', { type: () => Int, nullable: true }) seed: number | undefined,
    @Args('weights', { type: () => GraphQLJSONObject, nullable: true }) weights: Record<string, number> | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<TrainingExamplesModel | undefined> {
    return this.run<TrainingExamplesModel>(ctx, { operation: 'examples', ...given({ agent, count, seed, weights }) });
  }

  /** A dry run: the candidates and the diff of the agents file to them; nothing is written. */
  @Mutation(() => TrainingEnhancementModel)
  @RequirePermission('agent_training.run')
  enhanceAgents(
    @Args('agents', { type: () => [String], nullable: true }) agents: string[] | undefined,
    @Args('seed', { type: () => Int, nullable: true }) seed: number | undefined,
    @Args('weights', { type: () => GraphQLJSONObject, nullable: true }) weights: Record<string, number> | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<TrainingEnhancementModel | undefined> {
    return this.enhancement(ctx, { operation: 'enhance', ...given({ agents, seed, weights }) });
  }

  /** Evaluates the candidates on the tenant's recorded tasks and writes and stores the promoted ones (admin). */
  @Mutation(() => TrainingEnhancementModel)
  @RequirePermission('agent_training.admin')
  applyAgentTraining(
    @Args('agents', { type: () => [String], nullable: true }) agents: string[] | undefined,
    @Args('seed', { type: () => Int, nullable: true }) seed: number | undefined,
    @Args('weights', { type: () => GraphQLJSONObject, nullable: true }) weights: Record<string, number> | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<TrainingEnhancementModel | undefined> {
    return this.enhancement(ctx, { operation: 'apply', ...given({ agents, seed, weights }) });
  }

  private async enhancement(
    ctx: OrchestrationContext,
    input: OrchestrationInput,
  ): Promise<TrainingEnhancementModel | undefined> {
    const outcome = await this.run<EnhancementOutcome>(ctx, input);
    return outcome && { ...outcome, agents: outcome.agents.map(json) };
  }
}
