import { ApiIdempotencyKey, IdempotencyKey } from '../../core/http/idempotency-key.decorator';
import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf, replyWith } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { BodyLimit } from '../../core/http/body-limit.decorator';
import { COMPONENT_TYPES } from '../../core/ports/feedback.port';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import type { StepResult } from '../../core/result/step-result';
import type { FeedbackHealthReport, FeedbackMetricsReport } from './feedback-report';
import { FEEDBACK_ORCHESTRATOR, type FeedbackOperation } from './feedback.orchestrator';
import { InspectFields, RequirePermission } from '../../core/security/permissions';

/** Body limit of a single signal: ids, numbers and a free-form `context` and `metadata` of a few KiB. */
const SIGNAL_BODY_LIMIT = 32 * 1024;

/**
 * The body with the request's `Idempotency-Key` as its `signalId` (a submit's own idempotency key); a body naming
 * another `signalId` is a 400. Bodies that are not objects go on unchanged, to be refused by the validation.
 */
function keyed(body: unknown, key: string | undefined): unknown {
  if (key === undefined || typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const given = (body as { signalId?: unknown }).signalId;
  if (given !== undefined && given !== key)
    throw new BadRequestException('signalId and the Idempotency-Key header differ: send one, or the same in both');
  return { ...body, signalId: key };
}

/**
 * 202 when a submit queued something, 200 for a duplicate or a disabled component (`skipped`), and for a trajectory
 * none of whose signals was queued (all of them duplicates: a retry).
 */
function queuedStatus(result: StepResult<unknown>): number {
  if (result.status !== 'ok') return 200;
  const data = result.data as { queued?: boolean; signalsSubmitted?: number; signals?: unknown[] };
  if (data.signalsSubmitted === 0 && (data.signals?.length ?? 0) > 0) return 200;
  return data.queued !== false ? 202 : 200;
}

/**
 * REST for the feedback hub; each route runs one operation of the `unified_feedback` orchestrator through the
 * facade. Submits answer 202 with the receipt when queued, 200 for a duplicate or a disabled component
 * (`skipped`), and the error category's status otherwise (400 names the field). The tenant comes from
 * `x-tenant-id` (default `default`); every route reads and writes that tenant's signals, health and metrics only.
 * The free-form parts of a submit (`context`, `metadata`, a trajectory) are inspected for threats in `monitor`
 * mode: recorded, never refused, since honest text may hold SQL words or shell snippets.
 */
@ApiTags('feedback')
@ApiHeader({ name: 'x-tenant-id', required: false, description: 'Tenant of the signals (letters, digits, . _ : -)' })
@Controller('feedback')
export class FeedbackController {
  constructor(private readonly facade: OrchestrationFacade) {}

  @Post()
  @ApiIdempotencyKey(
    "The signal's id (as `signalId`): the same key again answers `duplicate: true` and changes nothing, also after a restart.",
  )
  @RequirePermission('unified_feedback.run')
  @BodyLimit(SIGNAL_BODY_LIMIT)
  @InspectFields({ fields: ['context', 'metadata'], mode: 'monitor' })
  signal(
    @Body() body: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotencyKey() key: string | undefined,
  ) {
    return replyWith(reply, this.run(ctx, 'submit_feedback', { signal: keyed(body, key) }), queuedStatus);
  }

  @Post('tool')
  @ApiIdempotencyKey(
    "The signal's id (as `signalId`): the same key again answers `duplicate: true` and changes nothing, also after a restart.",
  )
  @RequirePermission('unified_feedback.run')
  @BodyLimit(SIGNAL_BODY_LIMIT)
  @InspectFields({ fields: ['context'], mode: 'monitor' })
  tool(
    @Body() body: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotencyKey() key: string | undefined,
  ) {
    return replyWith(reply, this.run(ctx, 'submit_tool_feedback', { feedback: keyed(body, key) }), queuedStatus);
  }

  @Post('agent')
  @ApiIdempotencyKey(
    "The signal's id (as `signalId`): the same key again answers `duplicate: true` and changes nothing, also after a restart.",
  )
  @RequirePermission('unified_feedback.run')
  @BodyLimit(SIGNAL_BODY_LIMIT)
  @InspectFields({ fields: ['context'], mode: 'monitor' })
  agent(
    @Body() body: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotencyKey() key: string | undefined,
  ) {
    return replyWith(reply, this.run(ctx, 'submit_agent_feedback', { feedback: keyed(body, key) }), queuedStatus);
  }

  @Post('rag')
  @ApiIdempotencyKey(
    "The signal's id (as `signalId`): the same key again answers `duplicate: true` and changes nothing, also after a restart.",
  )
  @RequirePermission('unified_feedback.run')
  // Up to 1000 chunk ids of up to 200 characters each.
  @BodyLimit(256 * 1024)
  rag(
    @Body() body: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotencyKey() key: string | undefined,
  ) {
    return replyWith(reply, this.run(ctx, 'submit_rag_feedback', { feedback: keyed(body, key) }), queuedStatus);
  }

  /** Body `{ trajectory, evaluation? }`. */
  @Post('trajectory')
  @ApiIdempotencyKey("Names the trajectory: its signals' ids derive from it, so sending it again changes nothing.")
  @RequirePermission('unified_feedback.run')
  @InspectFields({ fields: ['trajectory', 'evaluation'], mode: 'monitor' })
  trajectory(
    @Body() body: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotencyKey() key: string | undefined,
  ) {
    const b = (typeof body === 'object' && body !== null ? body : {}) as { trajectory?: unknown; evaluation?: unknown };
    if (typeof b.trajectory !== 'object' || b.trajectory === null || Array.isArray(b.trajectory))
      throw new BadRequestException('trajectory must be an object');
    if (
      b.evaluation !== undefined &&
      (typeof b.evaluation !== 'object' || b.evaluation === null || Array.isArray(b.evaluation))
    )
      throw new BadRequestException('evaluation must be an object');
    const input = { trajectory: b.trajectory, evaluation: b.evaluation, idempotencyKey: key };
    return replyWith(reply, this.run(ctx, 'submit_trajectory_feedback', input), queuedStatus);
  }

  @Get('metrics')
  @RequirePermission('unified_feedback.read')
  metricsReport(@RequestCtx() ctx: OrchestrationContext): Promise<FeedbackMetricsReport | undefined> {
    return dataOf(this.run<FeedbackMetricsReport>(ctx, 'get_metrics'));
  }

  @Get('health')
  @RequirePermission('unified_feedback.read')
  health(@RequestCtx() ctx: OrchestrationContext): Promise<FeedbackHealthReport | undefined> {
    return dataOf(this.run<FeedbackHealthReport>(ctx, 'get_health'));
  }

  /** Re-enables a disabled (or probation) component; 404 when it is not disabled. */
  @Delete('disabled/:type/:id')
  @RequirePermission('unified_feedback.admin')
  @HttpCode(204)
  async clear(
    @Param('type') type: string,
    @Param('id') id: string,
    @RequestCtx() ctx: OrchestrationContext,
  ): Promise<void> {
    // The path names the field `type`; the operation's own check would name it `componentType`.
    if (!(COMPONENT_TYPES as readonly string[]).includes(type))
      throw new BadRequestException(`type must be one of ${COMPONENT_TYPES.join(', ')}`);
    await dataOf(this.run(ctx, 'clear_disabled', { componentType: type, componentId: id }));
  }

  private run<T = unknown>(ctx: OrchestrationContext, operation: FeedbackOperation, input: OrchestrationInput = {}) {
    return this.facade.orchestrate<T>(FEEDBACK_ORCHESTRATOR, ctx, { ...input, operation });
  }
}
