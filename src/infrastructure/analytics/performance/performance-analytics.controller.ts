import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../../core/facade/orchestration.facade';
import { dataOf } from '../../../core/http/feature-controller';
import { RequestCtx } from '../../../core/http/request-ctx.decorator';
import type { OrchestrationInput } from '../../../core/orchestrator/orchestrator.types';
import { RequirePermission } from '../../../core/security/permissions';
import type { Analysis } from './analytics.model';
import { AnalyzeQueryDto, ReportQueryDto } from './performance-analytics.dto';
import { PERFORMANCE_ANALYTICS_ORCHESTRATOR } from './performance-analytics.orchestrator';
import { REPORT_MEDIA_TYPES, type ReportFormat } from './report-renderer';

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const hoursOf = (q: AnalyzeQueryDto) =>
  q.lookbackHours === undefined ? {} : { lookbackHours: Number(q.lookbackHours) };

/**
 * Performance analytics of the key's tenant over REST: analysis, reports and alert rules. Every route runs the
 * `performance_analytics` orchestrator through the facade, so its permissions and metrics apply.
 */
@ApiTags('analytics')
@Controller('analytics')
export class PerformanceAnalyticsController {
  constructor(private readonly facade: OrchestrationFacade) {}

  private run<T>(ctx: OrchestrationContext, input: OrchestrationInput): Promise<T | undefined> {
    return dataOf(this.facade.orchestrate<T>(PERFORMANCE_ANALYTICS_ORCHESTRATOR, ctx, input));
  }

  /** The full analysis: health, trends, anomalies, forecasts with interval coverage, recommendations, insights. */
  @Get('performance')
  @RequirePermission('performance_analytics.run')
  async analyze(@Query() query: AnalyzeQueryDto, @RequestCtx() ctx: OrchestrationContext) {
    return this.run<Analysis>(ctx, { operation: 'analyze', ...hoursOf(query) });
  }

  /** The analysis as a report: Markdown (default), HTML or JSON. */
  @Get('report')
  @RequirePermission('performance_analytics.read')
  @ApiProduces('text/markdown', 'text/html', 'application/json')
  @ApiOkResponse({ description: 'The report in the asked format' })
  async report(
    @Query() query: ReportQueryDto,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    const format: ReportFormat = query.format ?? 'markdown';
    const data = await this.run<{ body: string }>(ctx, { operation: 'report', format, ...hoursOf(query) });
    reply.header('content-type', REPORT_MEDIA_TYPES[format]);
    return data?.body;
  }

  /** Each rule's state (inactive, pending with its elapsed time, firing, resolved) and the newest 100 alerts. */
  @Get('alerts')
  @RequirePermission('performance_analytics.read')
  async alerts(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'alerts' });
  }

  /** Evaluates the rules now on an analysis of the last `alertLookbackHours`. */
  @Post('alerts/evaluate')
  @HttpCode(200)
  @RequirePermission('performance_analytics.run')
  async evaluate(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'evaluate_alerts' });
  }

  /** Acknowledges an alert; 404 for another tenant's or an unknown one. */
  @Post('alerts/:alertId/ack')
  @HttpCode(200)
  @RequirePermission('performance_analytics.admin')
  async acknowledge(@Param('alertId') alertId: string, @RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'acknowledge', alertId: this.id(alertId, 'alert') });
  }

  @Get('rules')
  @RequirePermission('performance_analytics.read')
  async rules(@RequestCtx() ctx: OrchestrationContext) {
    return this.run(ctx, { operation: 'rules' });
  }

  /**
   * Adds or replaces one of the tenant's rules (a built-in one of the same id is replaced for the tenant): `metric`
   * one the analysis produces, `comparator` gt|gte|lt|lte, `threshold`, `severity`, and optional `forMs`,
   * `keepFiringForMs`, `cooldownMs`, `enabled`, `title`. 400 naming the field otherwise.
   */
  @Put('rules/:ruleId')
  @RequirePermission('performance_analytics.admin')
  async putRule(
    @Param('ruleId') ruleId: string,
    @Body() body: Record<string, unknown>,
    @RequestCtx() ctx: OrchestrationContext,
  ) {
    const rule = body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...body, id: ruleId } : body;
    return this.run(ctx, { operation: 'put_rule', rule });
  }

  /** Removes one of the tenant's rules; 404 when the tenant has none of that id. */
  @Delete('rules/:ruleId')
  @HttpCode(204)
  @RequirePermission('performance_analytics.admin')
  async deleteRule(@Param('ruleId') ruleId: string, @RequestCtx() ctx: OrchestrationContext): Promise<void> {
    await this.run(ctx, { operation: 'delete_rule', ruleId: this.id(ruleId, 'rule') });
  }

  private id(value: string, what: 'rule' | 'alert'): string {
    if (!ID.test(value)) throw new NotFoundException(`No ${what} ${JSON.stringify(value)}`);
    return value;
  }
}
