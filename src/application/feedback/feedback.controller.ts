import { BadRequestException, Body, Controller, Delete, Get, Headers, HttpCode, Inject, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OrchestrationContext } from '../../core/context/orchestration-context';
import { COMPONENT_TYPES, type ComponentType } from '../../core/ports/feedback.port';
import { HTTP_STATUS_BY_CATEGORY } from '../../core/result/error-category';
import type { StepResult } from '../../core/result/step-result';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { healthReport, metricsReport, type FeedbackHealthReport, type FeedbackMetricsReport } from './feedback-report';
import { FeedbackLifecycle } from './feedback.lifecycle';
import { FeedbackMetrics } from './feedback.metrics';
import { FeedbackService } from './feedback.service';

const TENANT = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * REST for the feedback hub. Submits answer 202 with the receipt when queued, 200 for a duplicate or a
 * disabled component (`skipped`), and the error category's status otherwise (400 names the field). The tenant
 * comes from `x-tenant-id` (default `default`).
 */
@ApiTags('feedback')
@ApiHeader({ name: 'x-tenant-id', required: false, description: 'Tenant of the signals (letters, digits, . _ : -)' })
@Controller('feedback')
export class FeedbackController {
  constructor(
    private readonly hub: FeedbackService,
    private readonly lifecycle: FeedbackLifecycle,
    private readonly metrics: FeedbackMetrics,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  @Post()
  signal(@Body() body: unknown, @Headers('x-tenant-id') tenant: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, this.hub.submit(this.ctx(tenant), body as never));
  }

  @Post('tool')
  tool(@Body() body: unknown, @Headers('x-tenant-id') tenant: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, this.hub.submitTool(this.ctx(tenant), body as never));
  }

  @Post('agent')
  agent(@Body() body: unknown, @Headers('x-tenant-id') tenant: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, this.hub.submitAgent(this.ctx(tenant), body as never));
  }

  @Post('rag')
  rag(@Body() body: unknown, @Headers('x-tenant-id') tenant: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, this.hub.submitRag(this.ctx(tenant), body as never));
  }

  /** Body `{ trajectory, evaluation? }`. */
  @Post('trajectory')
  trajectory(@Body() body: unknown, @Headers('x-tenant-id') tenant: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { trajectory?: unknown; evaluation?: unknown };
    if (typeof b.trajectory !== 'object' || b.trajectory === null || Array.isArray(b.trajectory)) throw new BadRequestException('trajectory must be an object');
    if (b.evaluation !== undefined && (typeof b.evaluation !== 'object' || b.evaluation === null || Array.isArray(b.evaluation))) throw new BadRequestException('evaluation must be an object');
    return this.answer(reply, this.hub.submitTrajectory(this.ctx(tenant), b.trajectory as Record<string, unknown>, b.evaluation as Record<string, unknown> | undefined));
  }

  @Get('metrics')
  metricsReport(): FeedbackMetricsReport {
    return metricsReport(this.hub, this.lifecycle, this.metrics);
  }

  @Get('health')
  health(): FeedbackHealthReport {
    return healthReport(this.hub);
  }

  /** Re-enables a disabled (or probation) component; 404 when it is not disabled. */
  @Delete('disabled/:type/:id')
  @HttpCode(204)
  clear(@Param('type') type: string, @Param('id') id: string): void {
    if (!(COMPONENT_TYPES as readonly string[]).includes(type)) throw new BadRequestException(`type must be one of ${COMPONENT_TYPES.join(', ')}`);
    if (!this.hub.clearDisabled(type as ComponentType, id)) throw new NotFoundException(`Component ${type}/${id} is not disabled`);
  }

  private ctx(tenant: string | undefined): OrchestrationContext {
    if (tenant !== undefined && !TENANT.test(tenant)) throw new BadRequestException('x-tenant-id must be 1-128 letters, digits or . _ : -');
    return OrchestrationContext.create({ tenantId: tenant }, this.ids);
  }

  private async answer<T>(reply: FastifyReply, pending: Promise<StepResult<T>>): Promise<StepResult<T>> {
    const result = await pending;
    reply.status(result.status === 'error' ? HTTP_STATUS_BY_CATEGORY[result.category] : result.status === 'ok' && (result.data as { queued?: boolean }).queued !== false ? 202 : 200);
    return result;
  }
}
