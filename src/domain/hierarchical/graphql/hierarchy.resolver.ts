import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-type-json';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { dataOf } from '../../../core/http/feature-controller';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import type { OrchestrationInput } from '../../../core/orchestrator/orchestrator.types';
import { RequirePermission } from '../../../core/security/permissions';
import { HIERARCHICAL_ORCHESTRATOR } from '../hierarchical.orchestrator';
import type { AgentRecord, SessionRecord, SessionView } from '../hierarchy.records';
import { HierarchyAgentModel, HierarchySessionModel } from './hierarchy.models';

const sessionModel = (s: SessionRecord & { tasks?: SessionView['tasks'] }): HierarchySessionModel => ({
  sessionId: s.sessionId,
  missionName: s.mission.name,
  status: s.status,
  error: s.error,
  createdAt: s.createdAt,
  startedAt: s.startedAt,
  finishedAt: s.finishedAt,
  steps: s.steps,
  starts: s.starts,
  tasks: (s.tasks ?? []).map((t) => ({ ...t })),
  synthesis: s.synthesis,
});

const agentModel = (a: AgentRecord): HierarchyAgentModel => ({
  ...a,
  capabilities: [...a.capabilities],
  specialisations: [...a.specialisations],
});

/**
 * Hierarchical sessions and agents over GraphQL: the operations of the `hierarchical` orchestrator, run through the
 * facade with the same permissions and checks as the REST routes.
 */
@Resolver(() => HierarchySessionModel)
export class HierarchyResolver {
  constructor(private readonly facade: OrchestrationFacade) {}

  private run<T>(ctx: OrchestrationContext, input: OrchestrationInput): Promise<T | undefined> {
    return dataOf(this.facade.orchestrate<T>(HIERARCHICAL_ORCHESTRATOR, ctx, input));
  }

  @Query(() => HierarchySessionModel, { name: 'hierarchySession', nullable: true })
  @RequirePermission('hierarchical.read')
  async session(
    @Args('sessionId') sessionId: string,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<HierarchySessionModel | undefined> {
    const view = await this.run<SessionView>(ctx, { operation: 'get_session', sessionId });
    return view && sessionModel(view);
  }

  @Query(() => [HierarchySessionModel], { name: 'hierarchySessions' })
  @RequirePermission('hierarchical.read')
  async sessions(@RequestCtx() ctx: OrchestrationContext): Promise<HierarchySessionModel[]> {
    const data = await this.run<{ sessions: SessionRecord[] }>(ctx, { operation: 'list_sessions' });
    return (data?.sessions ?? []).map(sessionModel);
  }

  @Query(() => [HierarchyAgentModel], { name: 'hierarchyAgents' })
  @RequirePermission('hierarchical.read')
  async agents(@RequestCtx() ctx: OrchestrationContext): Promise<HierarchyAgentModel[]> {
    const data = await this.run<{ agents: AgentRecord[] }>(ctx, { operation: 'list_agents' });
    return (data?.agents ?? []).map(agentModel);
  }

  /** Plans and queues a session (`objectives` as for `POST /hierarchy/sessions`); a cycle answers it `partial`. */
  @Mutation(() => HierarchySessionModel)
  @RequirePermission('hierarchical.run')
  async createHierarchySession(
    @Args('mission', { type: () => GraphQLJSONObject }) mission: Record<string, unknown>,
    @Args('objectives', { type: () => [GraphQLJSONObject] }) objectives: Record<string, unknown>[],
    @Args('limits', { type: () => GraphQLJSONObject, nullable: true }) limits: Record<string, unknown> | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<HierarchySessionModel | undefined> {
    const input = { operation: 'create_session', mission, objectives, ...(limits ? { limits } : {}) };
    const view = await this.run<SessionView>(ctx, input);
    return view && sessionModel(view);
  }

  @Mutation(() => HierarchySessionModel)
  @RequirePermission('hierarchical.run')
  async cancelHierarchySession(
    @Args('sessionId') sessionId: string,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<HierarchySessionModel | undefined> {
    const view = await this.run<SessionView>(ctx, { operation: 'cancel_session', sessionId });
    return view && sessionModel(view);
  }

  @Mutation(() => HierarchyAgentModel)
  @RequirePermission('hierarchical.run')
  async hierarchyHeartbeat(
    @Args('agentId') agentId: string,
    @Args('load', { type: () => Number, nullable: true }) load: number | undefined,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<HierarchyAgentModel | undefined> {
    const agent = await this.run<AgentRecord>(ctx, {
      operation: 'heartbeat',
      agentId,
      ...(load === undefined || load === null ? {} : { load }),
    });
    return agent && agentModel(agent);
  }
}
