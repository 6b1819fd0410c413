import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../../core/config/app-config';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { HTTP_STATUS_BY_CATEGORY } from '../../core/result/error-category';
import { InspectFields, RequirePermission } from '../../core/security/permissions';
import {
  ListMissionsQueryDto,
  MissionIdParams,
  PlanMissionDto,
  StartMissionDto,
  StartMissionQueryDto,
} from './mission.dto';
import { MISSION_ORCHESTRATOR, type MissionSummary } from './mission.orchestrator';
import { MissionService } from './mission.service';
import type { MissionRecord } from './mission.types';
import { MissionRecordDto } from './mission-record.dto';
import type { MissionPlan } from './planning/mission-plan';

/** The fields that are set, as the orchestrator's input (the body's other keys were refused by its DTO). */
const defined = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

/**
 * Missions over REST, each route an operation of `mission_orchestrator` run through the facade for the
 * context's tenant (from the API key). `?wait=true` waits for the run through the service.
 */
@ApiTags('missions')
@Controller('missions')
export class MissionController {
  constructor(
    private readonly facade: OrchestrationFacade,
    private readonly missions: MissionService,
    private readonly config: AppConfig,
  ) {}

  /** The plan of a mission (rules, or the LLM's plan validated against them), with a new mission id. */
  @Post('plan')
  @HttpCode(200)
  @RequirePermission('mission_orchestrator.run')
  @InspectFields({ fields: ['url'], mode: 'block' })
  @ApiOkResponse({ description: 'The mission plan' })
  plan(@Body() body: PlanMissionDto, @RequestCtx() ctx: OrchestrationContext): Promise<MissionPlan | undefined> {
    const input = { operation: 'plan', ...defined({ url: body.url, depth: body.depth }) };
    return dataOf(this.facade.orchestrate<MissionPlan>(MISSION_ORCHESTRATOR, ctx, input));
  }

  /**
   * Runs a plan (or plans `url` first): 202 with the queued mission; with `?wait=true` the mission once its run
   * has ended — 200 when completed, its error category's status otherwise (402 for `budget_exceeded`) — or 202 if
   * it is still going after `mission.waitTimeoutMs`. 400 naming the field for a plan that breaks the schema or
   * its depth's limits; 409 when the plan's mission already exists.
   */
  @Post()
  @RequirePermission('mission_orchestrator.run')
  @InspectFields({ fields: ['url', 'plan.url'], mode: 'block' })
  @ApiResponse({ status: 202, type: MissionRecordDto, description: 'The queued mission (?wait=true: one still going)' })
  @ApiResponse({ status: 200, type: MissionRecordDto, description: 'With ?wait=true: the completed mission' })
  async run(
    @Body() body: StartMissionDto,
    @Query() query: StartMissionQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionRecord | undefined> {
    const { url, depth, plan, mode } = body;
    const input = { operation: 'run', ...defined({ url, depth, plan, mode }) };
    const started = await dataOf(this.facade.orchestrate<MissionRecord>(MISSION_ORCHESTRATOR, ctx, input));
    return this.answer(started, query, reply);
  }

  @Get()
  @RequirePermission('mission_orchestrator.read')
  async list(
    @Query() query: ListMissionsQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<{ missions: MissionSummary[] } | undefined> {
    const input = {
      operation: 'list',
      limit: Number(query.limit ?? 20),
      ...(query.status ? { status: query.status } : {}),
    };
    return dataOf(this.facade.orchestrate<{ missions: MissionSummary[] }>(MISSION_ORCHESTRATOR, ctx, input));
  }

  @Get(':missionId')
  @RequirePermission('mission_orchestrator.read')
  @ApiOkResponse({ type: MissionRecordDto, description: 'The mission; 404 for an unknown mission or another tenant’s' })
  get(
    @Param() { missionId }: MissionIdParams,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<MissionRecord | undefined> {
    return dataOf(this.facade.orchestrate<MissionRecord>(MISSION_ORCHESTRATOR, ctx, { operation: 'get', missionId }));
  }

  /**
   * Continues the mission from its last checkpoint: 202 with it queued (`?wait=true` as for `POST /missions`);
   * 404 for an unknown mission or another tenant's, 409 when it is completed or already queued or running, 402
   * when its budget stopped it.
   */
  @Post(':missionId/resume')
  @RequirePermission('mission_orchestrator.run')
  @ApiResponse({ status: 202, type: MissionRecordDto, description: 'The mission, queued again' })
  async resume(
    @Param() { missionId }: MissionIdParams,
    @Query() query: StartMissionQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MissionRecord | undefined> {
    const queued = await dataOf(
      this.facade.orchestrate<MissionRecord>(MISSION_ORCHESTRATOR, ctx, { operation: 'resume', missionId }),
    );
    return this.answer(queued, query, reply);
  }

  private async answer(
    queued: MissionRecord | undefined,
    query: StartMissionQueryDto,
    reply: FastifyReply,
  ): Promise<MissionRecord | undefined> {
    reply.status(202);
    if (!queued || query.wait !== 'true') return queued;
    const ended =
      (await this.missions.waitFor(queued.tenantId, queued.missionId, this.config.mission.waitTimeoutMs)) ?? queued;
    if (ended.status === 'completed') reply.status(200);
    else if (ended.error && ended.status !== 'queued' && ended.status !== 'running')
      reply.status(HTTP_STATUS_BY_CATEGORY[ended.error.category]);
    return ended;
  }
}
