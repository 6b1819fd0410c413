import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { RequirePermission } from '../../core/security/permissions';
import type { PerformanceReport } from './monitor/performance.types';
import { AgentParams, EnhanceAgentsDto, GenerateExamplesDto, ReportQueryDto } from './training.dto';
import { AGENT_TRAINING } from './training.orchestrator';
import type { EnhancementOutcome } from './training.service';

const defined = (fields: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null));

/** Agent training over REST, each route an operation of `agent_training` run through the facade. */
@ApiTags('training')
@Controller('training')
export class TrainingController {
  constructor(private readonly facade: OrchestrationFacade) {}

  /** The roster's current agent definitions with their versions, and the kept candidates. */
  @Get('agents')
  @RequirePermission('agent_training.read')
  definitions(@RequestCtx() ctx: OrchestrationContext): Promise<unknown> {
    return dataOf(this.facade.orchestrate(AGENT_TRAINING, ctx, { operation: 'definitions' }));
  }

  /** Every stored version of a crew agent's definition, oldest first (definitions are instance-wide, not per tenant). */
  @Get('agents/:agent/versions')
  @RequirePermission('agent_training.read')
  versions(@Param() { agent }: AgentParams, @RequestCtx() ctx: OrchestrationContext): Promise<unknown> {
    return dataOf(this.facade.orchestrate(AGENT_TRAINING, ctx, { operation: 'versions', agent }));
  }

  /** Synthetic examples for an agent's focus; the same seed gives the same examples. */
  @Post('examples')
  @HttpCode(200)
  @RequirePermission('agent_training.run')
  examples(@Body() body: GenerateExamplesDto, @RequestCtx() ctx: OrchestrationContext): Promise<unknown> {
    const input = { operation: 'examples', ...defined({ ...body }) };
    return dataOf(this.facade.orchestrate(AGENT_TRAINING, ctx, input));
  }

  /** A dry run: the candidates and the unified diff of the agents file to them; nothing is written. */
  @Post('enhance')
  @HttpCode(200)
  @RequirePermission('agent_training.run')
  @ApiOkResponse({ description: 'The candidates and the diff' })
  enhance(
    @Body() body: EnhanceAgentsDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<EnhancementOutcome | undefined> {
    const input = { operation: 'enhance', ...defined({ ...body }) };
    return dataOf(this.facade.orchestrate<EnhancementOutcome>(AGENT_TRAINING, ctx, input));
  }

  /** Evaluates the candidates on the tenant's recorded tasks and writes the promoted ones (admin). */
  @Post('apply')
  @HttpCode(200)
  @RequirePermission('agent_training.admin')
  apply(
    @Body() body: EnhanceAgentsDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<EnhancementOutcome | undefined> {
    const input = { operation: 'apply', ...defined({ ...body }) };
    return dataOf(this.facade.orchestrate<EnhancementOutcome>(AGENT_TRAINING, ctx, input));
  }

  /** The agent's performance report over `days` (default training.windowDays). */
  @Get('agents/:agent/report')
  @RequirePermission('agent_training.read')
  report(
    @Param() { agent }: AgentParams,
    @Query() query: ReportQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<PerformanceReport | undefined> {
    const input = { operation: 'report', agent, ...(query.days ? { days: Number(query.days) } : {}) };
    return dataOf(this.facade.orchestrate<PerformanceReport>(AGENT_TRAINING, ctx, input));
  }
}
