import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { InspectFields, RequirePermission } from '../../core/security/permissions';
import { AgentRegistry } from './agent-registry';
import {
  CreateSessionDto,
  HeartbeatDto,
  ListSessionsQueryDto,
  RecoverSessionDto,
  RegisterAgentDto,
  WaitQueryDto,
} from './hierarchy.dto';
import { SESSION_FINISHED, type AgentRecord, type SessionRecord, type SessionView } from './hierarchy.records';
import { HierarchyService } from './hierarchy.service';
import { HIERARCHICAL_ORCHESTRATOR } from './hierarchical.orchestrator';
import { sessionRequestOf } from './session-request';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const WAIT_MS = 120_000;

/**
 * Hierarchical sessions and the agent registry over REST, scoped to the key's tenant. Operations run through the
 * facade (`hierarchical`), so the orchestrator's permissions and metrics apply.
 */
@ApiTags('hierarchy')
@Controller('hierarchy')
export class HierarchyController {
  constructor(
    private readonly facade: OrchestrationFacade,
    private readonly sessions: HierarchyService,
    private readonly agents: AgentRegistry,
  ) {}

  private run<T>(ctx: OrchestrationContext, input: OrchestrationInput): Promise<T | undefined> {
    return dataOf(this.facade.orchestrate<T>(HIERARCHICAL_ORCHESTRATOR, ctx, input));
  }

  /**
   * Plans a session and queues it: 202 with the session; with `?wait=true` 200 once it has finished (202 if still
   * going after 120 s). 400 naming the field for objectives that cannot be planned (none, a duplicate id, a
   * priority outside 1–10, an unknown dependency, a type no handler takes, an input its handler refuses, an agent
   * id the tenant has not registered); 422 when the dependencies form a cycle — the session is stored `partial`,
   * naming the cycle, and nothing runs.
   */
  @Post('sessions')
  @RequirePermission('hierarchical.run')
  @InspectFields({ fields: ['mission', 'objectives'], mode: 'monitor' })
  @ApiResponse({ status: 202, description: 'The queued session (with ?wait=true: one still going)' })
  @ApiResponse({ status: 200, description: 'With ?wait=true: the finished session' })
  @ApiResponse({ status: 422, description: 'The objectives’ dependencies form a cycle: stored partial, not run' })
  async create(
    @Body() body: CreateSessionDto,
    @Query() query: WaitQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView | undefined> {
    const request = sessionRequestOf(body);
    const created = await this.run<SessionView>(ctx, { operation: 'create_session', ...request });
    if (!created) return created;
    if (created.status === 'partial')
      throw new UnprocessableEntityException(`${created.error} (stored as session ${created.sessionId})`);
    if (query.wait !== 'true') {
      reply.status(202);
      return created;
    }
    const finished = (await this.sessions.waitFor(ctx.tenantId, created.sessionId, WAIT_MS)) ?? created;
    reply.status(SESSION_FINISHED.has(finished.status) ? 200 : 202);
    return finished;
  }

  @Get('sessions')
  @RequirePermission('hierarchical.read')
  async list(
    @Query() query: ListSessionsQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<{ sessions: SessionRecord[] }> {
    return { sessions: await this.sessions.list(ctx.tenantId, Number(query.limit ?? 20), query.status) };
  }

  /** The session with its tasks (status, agent, attempts, result, reason) and synthesis; 404 for another tenant's. */
  @Get('sessions/:sessionId')
  @RequirePermission('hierarchical.read')
  @ApiOkResponse({ description: 'The session with its tasks' })
  async get(@Param('sessionId') sessionId: string, @RequestCtx() ctx: OrchestrationContext) {
    return this.run<SessionView>(ctx, { operation: 'get_session', sessionId: this.id(sessionId, 'session') });
  }

  /** Cancels a queued or running session (running handlers are aborted); 409 when it has already finished. */
  @Post('sessions/:sessionId/cancel')
  @HttpCode(200)
  @RequirePermission('hierarchical.run')
  async cancel(@Param('sessionId') sessionId: string, @RequestCtx() ctx: OrchestrationContext) {
    return this.run<SessionView>(ctx, { operation: 'cancel_session', sessionId: this.id(sessionId, 'session') });
  }

  /**
   * Recovers a session that finished without completing: `full_restart`, `selective_restart` (failed tasks with
   * retries left) or `graceful_degradation`, or the strategy `affected` implies. 409 for a running or completed one.
   */
  @Post('sessions/:sessionId/recover')
  @HttpCode(200)
  @RequirePermission('hierarchical.run')
  async recover(
    @Param('sessionId') sessionId: string,
    @Body() body: RecoverSessionDto,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run(ctx, { operation: 'recover_session', sessionId: this.id(sessionId, 'session'), ...body });
  }

  /** Registers an agent of the tenant (or re-describes it, keeping its record of work). */
  @Post('agents')
  @RequirePermission('hierarchical.admin')
  async register(@Body() body: RegisterAgentDto, @RequestCtx() ctx: OrchestrationContext) {
    return this.run<AgentRecord>(ctx, { operation: 'register_agent', agent: { ...body } });
  }

  @Get('agents')
  @RequirePermission('hierarchical.read')
  async list_agents(@RequestCtx() ctx: OrchestrationContext) {
    return this.run<{ agents: AgentRecord[] }>(ctx, { operation: 'list_agents' });
  }

  /** Removes an agent: it gets no new task (tasks running on it finish). 404 for an unknown one. */
  @Delete('agents/:agentId')
  @HttpCode(204)
  @RequirePermission('hierarchical.admin')
  async remove(@Param('agentId') agentId: string, @RequestCtx() ctx: OrchestrationContext): Promise<void> {
    if (!(await this.agents.remove(ctx.tenantId, this.id(agentId, 'agent'))))
      throw new NotFoundException(`No agent ${JSON.stringify(agentId)} for tenant ${ctx.tenantId}`);
  }

  /**
   * A heartbeat: the agent is alive (an agent silent for `hierarchy.staleAgentMs` is stale and gets no new task).
   * With `sessionId`, `taskId` and `progress` it reports progress on a running task: a value that does not change
   * for `hierarchy.stuckTaskMs` makes the task stuck. 404 for an unknown agent; 409 for a task that is not running.
   */
  @Post('agents/:agentId/heartbeat')
  @HttpCode(200)
  @RequirePermission('hierarchical.run')
  async heartbeat(
    @Param('agentId') agentId: string,
    @Body() body: HeartbeatDto,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    return this.run<AgentRecord>(ctx, { operation: 'heartbeat', agentId: this.id(agentId, 'agent'), ...body });
  }

  /** The coordinator's health for the tenant: score and status, stale agents, stuck tasks, session counts. */
  @Get('health')
  @RequirePermission('hierarchical.read')
  async health(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'health' });
  }

  private id(value: string, what: 'session' | 'agent'): string {
    if (!ID.test(value)) throw new NotFoundException(`No ${what} ${JSON.stringify(value)}`);
    return value;
  }
}
