import { ApiIdempotencyKey, IdempotencyKey } from '../../core/http/idempotency-key.decorator';
import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { OrchestrationContext } from '../../core/context/orchestration-context';
import { OrchestrationFacade } from '../../core/facade/orchestration.facade';
import { dataOf, replyWith } from '../../core/http/feature-controller';
import { RequestCtx } from '../../core/http/request-ctx.decorator';
import { BodyLimit } from '../../core/http/body-limit.decorator';
import type { OrchestrationInput } from '../../core/orchestrator/orchestrator.types';
import { BANDITS_ORCHESTRATOR, type BanditOperation } from './bandits.orchestrator';
import { InspectFields, RequirePermission } from '../../core/security/permissions';

function body(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequestException('body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * REST for the bandits: decisions, feedback, the router, off-policy evaluation, summaries and domains. Each route
 * runs one operation of the `advanced_bandits` orchestrator through the facade. Answers are StepResults; errors
 * use their category's status (400 names the field, 404 an unknown or used decision, or another tenant's). The
 * tenant comes from `x-tenant-id` (default `default`); every route acts on that tenant's domains, learners and
 * decisions only.
 */
@ApiTags('bandits')
@ApiHeader({ name: 'x-tenant-id', required: false })
@Controller('bandits')
export class BanditsController {
  constructor(private readonly facade: OrchestrationFacade) {}

  /** Body `{ userId, features?, algorithm? }`. */
  @Post(':domain/decisions')
  @RequirePermission('advanced_bandits.run')
  @ApiIdempotencyKey(
    'The same key again gets the same decision back (201, same body) and counts nothing, also after a restart.',
  )
  // A user id and at most 32 named features.
  @BodyLimit(8 * 1024)
  decide(
    @Param('domain') domain: string,
    @Body() b: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IdempotencyKey() key: string | undefined,
  ) {
    const input: Record<string, unknown> = { ...body(b), domain };
    if (key !== undefined) {
      if (input.idempotencyKey !== undefined && input.idempotencyKey !== key)
        throw new BadRequestException(
          'idempotencyKey and the Idempotency-Key header differ: send one, or the same in both',
        );
      input.idempotencyKey = key;
    }
    return replyWith(reply, this.run(ctx, 'decide', input), 201);
  }

  /** Body `{ decisionId, reward }` or `{ decisionId, metrics }`. */
  @Post('feedback')
  @RequirePermission('advanced_bandits.run')
  // A decision id and a reward or a few named metrics.
  @BodyLimit(4 * 1024)
  feedback(
    @Body() b: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.run(ctx, 'feedback', body(b)));
  }

  /**
   * Body `{ userId, taskType?, prompt?, priorityLevel?, algorithm? }`: a model for a task. The free text (`prompt`,
   * `taskType`) is inspected in `monitor` mode; inline code between backticks is routine in a prompt.
   */
  @Post('route')
  @RequirePermission('advanced_bandits.run')
  @InspectFields({ fields: ['prompt', 'taskType'], mode: 'monitor', skip: ['command_injection.backticks'] })
  route(@Body() b: unknown, @RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.run(ctx, 'route', body(b)), 201);
  }

  /** Body `{ algorithm }` or `{ action }`, optionally `samples`. */
  @Post(':domain/evaluate')
  @RequirePermission('advanced_bandits.read')
  @HttpCode(200)
  evaluate(
    @Param('domain') domain: string,
    @Body() b: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.run(ctx, 'evaluate', { ...body(b), domain }));
  }

  @Get('summary')
  @RequirePermission('advanced_bandits.read')
  summary(@RequestCtx() ctx: OrchestrationContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return replyWith(reply, this.run(ctx, 'summary'));
  }

  /** The bare `{ domains }`, not a StepResult. */
  @Get('domains')
  @RequirePermission('advanced_bandits.read')
  domains(@RequestCtx() ctx: OrchestrationContext) {
    return dataOf(this.run(ctx, 'domains'));
  }

  @Get(':domain/comparison')
  @RequirePermission('advanced_bandits.read')
  comparison(
    @Param('domain') domain: string,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.run(ctx, 'comparison', { domain }));
  }

  /** Body `{ actions, algorithms?, defaultAlgorithm?, dimension?, featureNames? }`; persisted, learners start fresh. */
  @Put('domains/:domain')
  @RequirePermission('advanced_bandits.admin')
  putDomain(
    @Param('domain') domain: string,
    @Body() b: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.run(ctx, 'put_domain', { domain, definition: body(b) }));
  }

  /** Body `{ algorithm }`. */
  @Put('domains/:domain/default-algorithm')
  @RequirePermission('advanced_bandits.admin')
  switchDefault(
    @Param('domain') domain: string,
    @Body() b: unknown,
    @RequestCtx() ctx: OrchestrationContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return replyWith(reply, this.run(ctx, 'switch_default', { domain, algorithm: body(b).algorithm }));
  }

  /** One operation through the facade; `operation` wins over a body field of that name. */
  private run(ctx: OrchestrationContext, operation: BanditOperation, input: OrchestrationInput = {}) {
    return this.facade.orchestrate(BANDITS_ORCHESTRATOR, ctx, { ...input, operation });
  }
}
