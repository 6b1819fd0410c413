import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { contextForTenantHeader, replyWith } from '../../core/http/feature-controller';
import { COMPONENT_TYPES, type ComponentType } from '../../core/ports/feedback.port';
import type { StepResult } from '../../core/result/step-result';
import { ID_GENERATOR, type IdGenerator } from '../../core/runtime/id-generator';
import { healthReport, metricsReport, type FeedbackHealthReport, type FeedbackMetricsReport } from './feedback-report';
import { FeedbackLifecycle } from './feedback.lifecycle';
import { FeedbackMetrics } from './feedback.metrics';
import { FeedbackService } from './feedback.service';

/** 202 when a submit queued something, 200 for a duplicate or a disabled component (`skipped`). */
function queuedStatus(result: StepResult<unknown>): number {
  return result.status === 'ok' && (result.data as { queued?: boolean }).queued !== false ? 202 : 200;
}

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
  signal(
    @Body() body: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.hub.submit(contextForTenantHeader(tenant, this.ids), body as never), queuedStatus);
  }

  @Post('tool')
  tool(
    @Body() body: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.hub.submitTool(contextForTenantHeader(tenant, this.ids), body as never), queuedStatus);
  }

  @Post('agent')
  agent(
    @Body() body: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(
      reply,
      this.hub.submitAgent(contextForTenantHeader(tenant, this.ids), body as never),
      queuedStatus,
    );
  }

  @Post('rag')
  rag(
    @Body() body: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.hub.submitRag(contextForTenantHeader(tenant, this.ids), body as never), queuedStatus);
  }

  /** Body `{ trajectory, evaluation? }`. */
  @Post('trajectory')
  trajectory(
    @Body() body: unknown,
    @Headers('x-tenant-id') tenant: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { trajectory?: unknown; evaluation?: unknown };
    if (typeof b.trajectory !== 'object' || b.trajectory === null || Array.isArray(b.trajectory))
      throw new BadRequestException('trajectory must be an object');
    if (
      b.evaluation !== undefined &&
      (typeof b.evaluation !== 'object' || b.evaluation === null || Array.isArray(b.evaluation))
    )
      throw new BadRequestException('evaluation must be an object');
    return replyWith(
      reply,
      this.hub.submitTrajectory(
        contextForTenantHeader(tenant, this.ids),
        b.trajectory as Record<string, unknown>,
        b.evaluation as Record<string, unknown> | undefined,
      ),
      queuedStatus,
    );
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
    if (!(COMPONENT_TYPES as readonly string[]).includes(type))
      throw new BadRequestException(`type must be one of ${COMPONENT_TYPES.join(', ')}`);
    if (!this.hub.clearDisabled(type as ComponentType, id))
      throw new NotFoundException(`Component ${type}/${id} is not disabled`);
  }
}
